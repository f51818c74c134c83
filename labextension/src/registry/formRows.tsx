import { TranslationBundle } from '@jupyterlab/translation';
import { HTMLSelect } from '@jupyterlab/ui-components';
import * as React from 'react';

import { ErrorNote } from './common';
import { registryLabel } from './labels';

/**
 * A label and a select over registry values (statuses, connectors, roles, access levels),
 * each shown by its translated label, or by `labelOf` for values that are not registry
 * words (members, channels); `none` adds a first "(none)" choice with an empty value.
 */
export function LabelledSelect(props: {
  id: string;
  label: React.ReactNode;
  value: string;
  values: string[];
  onChange: (value: string) => void;
  trans: TranslationBundle;
  none?: boolean;
  labelOf?: (value: string) => string;
}): JSX.Element {
  const { trans } = props;
  const labelOf = props.labelOf ?? (v => registryLabel(trans, v));
  return (
    <>
      <label htmlFor={props.id}>{props.label}</label>
      <HTMLSelect
        id={props.id}
        value={props.value}
        onChange={e => props.onChange(e.target.value)}
      >
        {props.none && <option value="">{trans.__('(none)')}</option>}
        {props.values.map(v => (
          <option key={v} value={v}>
            {labelOf(v)}
          </option>
        ))}
      </HTMLSelect>
    </>
  );
}

/**
 * A labelled text input laid out as a form field; `onValue` receives the new text.
 */
export function Field(
  props: {
    label: React.ReactNode;
    onValue: (value: string) => void;
  } & Omit<React.InputHTMLAttributes<HTMLInputElement>, 'onChange'>
): JSX.Element {
  const { label, onValue, ...input } = props;
  return (
    <label className="jp-jms-Field">
      <span>{label}</span>
      <input {...input} onChange={e => onValue(e.target.value)} />
    </label>
  );
}

/**
 * A label beside a styled input, as the registry's form rows and grids lay them out (the
 * label is a sibling, so a grid puts it in its own column); `onValue` receives the new text.
 */
export function LabelledInput(
  props: {
    id: string;
    label: React.ReactNode;
    onValue: (value: string) => void;
  } & Omit<React.InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'id'>
): JSX.Element {
  const { label, onValue, ...input } = props;
  return (
    <>
      <label htmlFor={props.id}>{label}</label>
      <input
        className="jp-mod-styled"
        {...input}
        onChange={e => onValue(e.target.value)}
      />
    </>
  );
}

/**
 * A form that runs `onSubmit` in place of the browser's submission; `label` names it for
 * screen readers.
 */
export function ActionForm(props: {
  className: string;
  label?: string;
  onSubmit: () => Promise<void>;
  children?: React.ReactNode;
}): JSX.Element {
  return (
    <form
      className={props.className}
      aria-label={props.label}
      onSubmit={event => {
        event.preventDefault();
        void props.onSubmit();
      }}
    >
      {props.children}
    </form>
  );
}

/**
 * A registry form under its heading, which also names it (`className` adds to `jp-jms-Form`).
 */
export function FormSection(props: {
  className: string;
  title: string;
  onSubmit: () => Promise<void>;
  children?: React.ReactNode;
}): JSX.Element {
  return (
    <ActionForm
      className={`jp-jms-Form ${props.className}`}
      label={props.title}
      onSubmit={props.onSubmit}
    >
      <h3>{props.title}</h3>
      {props.children}
    </ActionForm>
  );
}

/**
 * The end of a form: the last failure's sentence, then the submit button, any `children`
 * (further actions), and Cancel when `onCancel` is given.
 */
export function FormActions(props: {
  error: string | null;
  submit: string;
  disabled: boolean;
  onCancel?: () => void;
  trans: TranslationBundle;
  children?: React.ReactNode;
}): JSX.Element {
  return (
    <>
      <ErrorNote message={props.error} />
      <div className="jp-jms-Buttons">
        <button
          type="submit"
          className="jp-mod-styled jp-mod-accept"
          disabled={props.disabled}
        >
          {props.submit}
        </button>
        {props.children}
        {props.onCancel && (
          <button
            type="button"
            className="jp-mod-styled jp-mod-reject"
            onClick={props.onCancel}
          >
            {props.trans.__('Cancel')}
          </button>
        )}
      </div>
    </>
  );
}
