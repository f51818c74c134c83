/**
 * A post's metadata, its live check against each channel's limits, and where it went out.
 */

import type { IFieldError } from '../api';

/**
 * Where a published post went out.
 */
export interface IPublication {
  channel: string;
  url: string;
  published_at: string | null;
  recorded_by: string;
}

/**
 * The post metadata a notebook carries in `metadata.jms`.
 */
export interface IPostMetadata {
  title?: string;
  subtitle?: string;
  summary?: string;
  authors?: string[];
  language?: string;
  channels?: string[];
  third_party?: boolean;
  third_party_benefit?: string;
  tags?: string[];
  publish_after?: string;
  image?: { path: string; alt?: string };
  social?: Record<string, string>;
  [key: string]: unknown;
}

/**
 * The length of one social text as its channel's platform counts it.
 */
export interface IChannelCount {
  channel: string;
  platform: string;
  count: number;
  limit: number | null;
  over: boolean;
}

/**
 * `POST checks/post`: the live validation of the submit form.
 */
export interface IPostCheck {
  valid: boolean;
  errors: IFieldError[];
  counts: IChannelCount[];
}
