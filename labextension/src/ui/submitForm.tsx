import { Dialog } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import * as React from 'react';

import { countFor, IPostForm } from '../postForm';
import { PostFormModel } from '../postFormModel';
import { IServiceInfo } from '../service';
import type { IPostMetadata } from '../types/publishing';
import type { IChannel } from '../types/registry';
import { ServiceLine } from './service';

/**
 * The body of the "Submit for review" dialog: the post metadata form.
 */
export class PostFormBody
  extends ReactWidget
  implements Dialog.IBodyWidget<IPostMetadata>
{
  constructor(
    readonly model: PostFormModel,
    private readonly _channels: IChannel[],
    private readonly _trans: TranslationBundle,
    private readonly _service: IServiceInfo | null = null
  ) {
    super();
    this.addClass('jp-jms-PostForm');
  }

  getValue(): IPostMetadata {
    return this.model.metadata;
  }

  override dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this.model.dispose();
    super.dispose();
  }

  protected render(): JSX.Element {
    return (
      <UseSignal signal={this.model.changed}>
        {() => (
          <PostFormView
            model={this.model}
            channels={this._channels}
            trans={this._trans}
            service={this._service}
          />
        )}
      </UseSignal>
    );
  }
}

export interface IPostFormViewProps {
  model: PostFormModel;
  channels: IChannel[];
  trans: TranslationBundle;
  /**
   * The JMS service of a connected Lab, or null on a personal server.
   */
  service?: IServiceInfo | null;
}

/**
 * The post metadata form for the state of its model.
 */
export function PostFormView({
  model,
  channels,
  trans,
  service
}: IPostFormViewProps): JSX.Element {
  const form = model.form;
  const errors = model.errors;
  const set = (patch: Partial<IPostForm>) => model.update(patch);
  // A text input's value and change handler, for a text field of the form.
  const bind = (key: TextKey) => ({
    value: form[key],
    onChange: (value: string) => set({ [key]: value })
  });
  const picked = channels.filter(c => form.channels.includes(c.id));
  // Social copy is written per channel; the blog post is the notebook itself.
  const social = picked.filter(c => c.kind !== 'blog');

  const toggleChannel = (id: string, on: boolean) => {
    const next = channels
      .map(c => c.id)
      .filter(c => (c === id ? on : form.channels.includes(c)));
    // Keep channels the registry no longer lists, so the server can name them.
    const unknown = form.channels.filter(c => !channels.some(k => k.id === c));
    set({ channels: [...next, ...unknown] });
  };

  return (
    <form className="jp-jms-Form" onSubmit={e => e.preventDefault()}>
      <ServiceLine service={service ?? null} trans={trans} kind="submits" />
      {model.failure && (
        <p className="jp-jms-Error" role="alert" data-failure="submit">
          {trans.__('The last submission failed: %1', model.failure)}
        </p>
      )}
      <FormStatus model={model} channels={channels} trans={trans} />
      <FieldErrors messages={errors['']} />

      <TextField
        label={trans.__('Title')}
        name="title"
        required
        errors={errors.title}
        {...bind('title')}
      />
      <TextField
        label={trans.__('Subtitle')}
        name="subtitle"
        errors={errors.subtitle}
        {...bind('subtitle')}
      />
      <TextField
        label={trans.__('Summary')}
        name="summary"
        rows={3}
        errors={errors.summary}
        {...bind('summary')}
      />
      <div className="jp-jms-Form-row">
        <TextField
          label={trans.__('Authors')}
          name="authors"
          hint={trans.__('usernames, separated by commas')}
          errors={errors.authors}
          {...bind('authors')}
        />
        <TextField
          label={trans.__('Language')}
          name="language"
          hint={trans.__('a BCP 47 code: en, es, pt-BR…')}
          errors={errors.language}
          {...bind('language')}
        />
      </div>

      <fieldset className="jp-jms-Form-channels">
        <legend>{trans.__('Channels')}</legend>
        {channels.map(c => (
          <label key={c.id} className="jp-jms-Form-check">
            <input
              type="checkbox"
              name={`channel-${c.id}`}
              checked={form.channels.includes(c.id)}
              onChange={e => toggleChannel(c.id, e.target.checked)}
            />
            {c.name}
            {c.preferred && (
              <span className="jp-jms-Flag">{trans.__('preferred')}</span>
            )}
          </label>
        ))}
        <FieldErrors messages={errors.channels} />
      </fieldset>

      {social.map(c => {
        const count = countFor(model.counts, c.id);
        const key = `social.${c.id}`;
        return (
          <TextField
            key={c.id}
            label={trans.__('Text for %1', c.name)}
            name={key}
            rows={3}
            errors={errors[key]}
            counter={
              count && (
                <span
                  className={`jp-jms-Counter${count.over ? ' jp-jms-Counter-over' : ''}`}
                  data-channel={c.id}
                >
                  {count.limit === null
                    ? trans.__('%1 characters', count.count)
                    : trans.__('%1 / %2', count.count, count.limit)}
                </span>
              )
            }
            value={form.social[c.id] ?? ''}
            onChange={value =>
              set({ social: { ...form.social, [c.id]: value } })
            }
          />
        );
      })}

      <label className="jp-jms-Form-check">
        <input
          type="checkbox"
          name="third_party"
          checked={form.thirdParty}
          onChange={e => set({ thirdParty: e.target.checked })}
        />
        {trans.__('Third-party content (about a product or service of others)')}
      </label>
      {form.thirdParty && (
        <TextField
          label={trans.__('How it benefits the Jupyter community')}
          name="third_party_benefit"
          rows={2}
          required
          errors={errors.third_party_benefit}
          {...bind('thirdPartyBenefit')}
        />
      )}

      <div className="jp-jms-Form-row">
        <TextField
          label={trans.__('Tags')}
          name="tags"
          hint={trans.__('separated by commas')}
          errors={errors.tags}
          {...bind('tags')}
        />
        <TextField
          label={trans.__('Publish after')}
          name="publish_after"
          type="datetime-local"
          errors={errors.publish_after}
          {...bind('publishAfter')}
        />
      </div>
      <div className="jp-jms-Form-row">
        <TextField
          label={trans.__('Cover image')}
          name="image_path"
          hint={trans.__('path next to the notebook')}
          errors={errors.image}
          {...bind('imagePath')}
        />
        <TextField
          label={trans.__('Cover image alt text')}
          name="image_alt"
          {...bind('imageAlt')}
        />
      </div>
    </form>
  );
}

function FormStatus({
  model,
  channels,
  trans
}: {
  model: PostFormModel;
  channels: IChannel[];
  trans: TranslationBundle;
}): JSX.Element {
  // The banner agrees with the counters: a text over its channel's limit is said here.
  const over = model.counts.filter(c => c.over);
  const name = (id: string) => channels.find(c => c.id === id)?.name ?? id;
  let text: string;
  let state: string;
  if (model.checkError) {
    text = trans.__('Could not check the form: %1', model.checkError);
    state = 'error';
  } else if (model.checking || !model.checked) {
    text = trans.__('Checking…');
    state = 'checking';
  } else if (model.errorCount > 0) {
    text = trans._n(
      '%1 problem to fix before submitting.',
      '%1 problems to fix before submitting.',
      model.errorCount
    );
    state = 'invalid';
  } else if (over.length > 0) {
    text = trans._n(
      'The text for %2 is over its limit (%3): shorten it, or editors will see it flagged.',
      'Texts for %2 are over their limits (%3): shorten them, or editors will see them flagged.',
      over.length,
      over.map(c => name(c.channel)).join(trans.__(', ')),
      over.map(c => `${c.count} / ${c.limit ?? ''}`).join(trans.__(', '))
    );
    state = 'warning';
  } else {
    text = trans.__('The post metadata is valid.');
    state = 'valid';
  }
  return (
    <p
      className={`jp-jms-FormStatus jp-jms-FormStatus-${state}`}
      data-status={state}
      aria-live="polite"
    >
      {text}
    </p>
  );
}

function Field(props: {
  label: string;
  name: string;
  required?: boolean;
  hint?: string;
  errors?: string[];
  counter?: React.ReactNode;
  children: React.ReactNode;
}): JSX.Element {
  const invalid = (props.errors?.length ?? 0) > 0;
  return (
    <div
      className={`jp-jms-Field${invalid ? ' jp-jms-Field-invalid' : ''}`}
      data-field={props.name}
    >
      <label>
        <span className="jp-jms-Field-label">
          {props.label}
          {props.required && <span aria-hidden="true"> *</span>}
          {props.hint && <span className="jp-jms-Muted"> ({props.hint})</span>}
          {props.counter}
        </span>
        {props.children}
      </label>
      <FieldErrors messages={props.errors} />
    </div>
  );
}

/**
 * The form's fields that hold text.
 */
type TextKey = {
  [K in keyof IPostForm]: IPostForm[K] extends string ? K : never;
}[keyof IPostForm];

/**
 * A labelled text input, or a textarea of `rows` rows.
 */
function TextField(props: {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'datetime-local';
  rows?: number;
  required?: boolean;
  hint?: string;
  errors?: string[];
  counter?: React.ReactNode;
}): JSX.Element {
  const { name, value, rows } = props;
  const onChange = (
    e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>
  ) => props.onChange(e.target.value);
  return (
    <Field
      label={props.label}
      name={name}
      required={props.required}
      hint={props.hint}
      errors={props.errors}
      counter={props.counter}
    >
      {rows ? (
        <textarea name={name} rows={rows} value={value} onChange={onChange} />
      ) : (
        <input
          type={props.type ?? 'text'}
          name={name}
          value={value}
          onChange={onChange}
        />
      )}
    </Field>
  );
}

function FieldErrors({
  messages
}: {
  messages?: string[];
}): JSX.Element | null {
  if (!messages || messages.length === 0) {
    return null;
  }
  return (
    <ul className="jp-jms-FieldErrors">
      {messages.map((m, i) => (
        <li key={i}>{m}</li>
      ))}
    </ul>
  );
}
