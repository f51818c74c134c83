import { TranslationBundle } from '@jupyterlab/translation';
import { HTMLSelect } from '@jupyterlab/ui-components';
import * as React from 'react';

import { registryLabel } from './labels';

/**
 * A label and a select over registry values (statuses, connectors, roles, access levels),
 * each shown by its translated label; `none` adds a first "(none)" choice with an empty value.
 */
export function LabelledSelect(props: {
  id: string;
  label: React.ReactNode;
  value: string;
  values: string[];
  onChange: (value: string) => void;
  trans: TranslationBundle;
  none?: boolean;
}): JSX.Element {
  const { trans } = props;
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
            {registryLabel(trans, v)}
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
