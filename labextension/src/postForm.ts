/**
 * The submit form's values and their conversion to and from `metadata.jms`.
 *
 * Only shape conversion lives here (comma lists, empty fields left out, local date-times
 * to ISO): which values are valid is for the server to say (`POST checks/post`).
 */

import type { IFieldError } from './api';
import type { IChannelCount, IPostMetadata } from './types/publishing';

/**
 * What the form edits, as the inputs hold it.
 */
export interface IPostForm {
  title: string;
  subtitle: string;
  summary: string;
  /**
   * Usernames separated by commas or spaces.
   */
  authors: string;
  language: string;
  channels: string[];
  thirdParty: boolean;
  thirdPartyBenefit: string;
  /**
   * Tags separated by commas.
   */
  tags: string;
  /**
   * A `datetime-local` input value (local time, no zone), or ''.
   */
  publishAfter: string;
  imagePath: string;
  imageAlt: string;
  /**
   * The social text per channel id.
   */
  social: Record<string, string>;
}

/**
 * Keys of `metadata.jms` the form edits; any other key is kept as it was.
 */
const MANAGED = [
  'title',
  'subtitle',
  'summary',
  'authors',
  'language',
  'channels',
  'third_party',
  'third_party_benefit',
  'tags',
  'publish_after',
  'image',
  'social'
];

function asString(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function asStrings(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Split a typed list on commas (and, for usernames, on white space).
 */
export function splitList(text: string, onSpaces = false): string[] {
  const parts = text.split(onSpaces ? /[\s,]+/ : /,/);
  return parts.map(p => p.trim()).filter(p => p.length > 0);
}

/**
 * An ISO 8601 time as a `datetime-local` value in the reader's time zone.
 */
export function toLocalInput(iso: string): string {
  const date = new Date(iso);
  if (!iso || Number.isNaN(date.getTime())) {
    return '';
  }
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}

/**
 * A `datetime-local` value as ISO 8601 UTC, or the text unchanged when it is no date
 * (so the server names the problem).
 */
export function fromLocalInput(value: string): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

/**
 * The form's values for a notebook's `metadata.jms` (which may be missing or malformed).
 *
 * @param username who submits: the first author of a post that names none
 */
export function formFromMetadata(
  metadata: unknown,
  username: string
): IPostForm {
  const post = isRecord(metadata) ? metadata : {};
  const image = isRecord(post.image) ? post.image : {};
  const social: Record<string, string> = {};
  if (isRecord(post.social)) {
    for (const [key, value] of Object.entries(post.social)) {
      if (typeof value === 'string') {
        social[key] = value;
      }
    }
  }
  const authors = asStrings(post.authors);
  return {
    title: asString(post.title),
    subtitle: asString(post.subtitle),
    summary: asString(post.summary),
    authors: (authors.length ? authors : username ? [username] : []).join(', '),
    language: asString(post.language) || 'en',
    channels: asStrings(post.channels),
    thirdParty: post.third_party === true,
    thirdPartyBenefit: asString(post.third_party_benefit),
    tags: asStrings(post.tags).join(', '),
    publishAfter: toLocalInput(asString(post.publish_after)),
    imagePath: asString(image.path),
    imageAlt: asString(image.alt),
    social
  };
}

/**
 * The `metadata.jms` the form describes, keeping keys of `base` it does not edit.
 *
 * Empty optional fields are left out rather than written as empty strings; social
 * texts are kept only for the channels picked.
 */
export function metadataFromForm(
  form: IPostForm,
  base: unknown = undefined
): IPostMetadata {
  const out: IPostMetadata = {};
  if (isRecord(base)) {
    for (const [key, value] of Object.entries(base)) {
      if (!MANAGED.includes(key)) {
        out[key] = value;
      }
    }
  }
  out.title = form.title.trim();
  const optional: [keyof IPostMetadata, string][] = [
    ['subtitle', form.subtitle.trim()],
    ['summary', form.summary.trim()]
  ];
  for (const [key, value] of optional) {
    if (value) {
      out[key] = value;
    }
  }
  const authors = splitList(form.authors, true);
  if (authors.length) {
    out.authors = authors;
  }
  out.language = form.language.trim() || 'en';
  out.channels = [...form.channels];
  out.third_party = form.thirdParty;
  if (form.thirdParty) {
    out.third_party_benefit = form.thirdPartyBenefit.trim();
  }
  const tags = splitList(form.tags);
  if (tags.length) {
    out.tags = tags;
  }
  if (form.publishAfter.trim()) {
    out.publish_after = fromLocalInput(form.publishAfter.trim());
  }
  if (form.imagePath.trim()) {
    out.image = { path: form.imagePath.trim() };
    if (form.imageAlt.trim()) {
      out.image.alt = form.imageAlt.trim();
    }
  }
  const social: Record<string, string> = {};
  for (const channel of form.channels) {
    const text = form.social[channel];
    if (text && text.trim()) {
      social[channel] = text;
    }
  }
  if (Object.keys(social).length) {
    out.social = social;
  }
  return out;
}

/**
 * Field errors grouped by the form input they belong to.
 *
 * The server names fields as `metadata.jms.<key>[.<index or channel>]`; social texts are
 * told apart by channel (`social.mastodon`), list items fall on their list, anything that
 * names no field goes under `''` (the whole form).
 */
export function errorsByField(errors: IFieldError[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const error of errors) {
    const parts = error.field.split('.');
    const rest =
      parts[0] === 'metadata' && parts[1] === 'jms' ? parts.slice(2) : parts;
    let key = rest[0] ?? '';
    if (key === 'social' && rest.length > 1) {
      key = `social.${rest[1]}`;
    }
    (out[key] ??= []).push(error.message);
  }
  return out;
}

/**
 * The server's count for a channel's social text, if it sent one.
 */
export function countFor(
  counts: IChannelCount[],
  channel: string
): IChannelCount | undefined {
  return counts.find(c => c.channel === channel);
}
