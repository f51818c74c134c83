import { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, refreshIcon } from '@jupyterlab/ui-components';
import * as React from 'react';

import type { JmsClient } from '../client';
import type { IMe } from '../types/me';
import { ErrorNote, useLoad } from './common';
import { IRegistryTabEntry, REGISTRY_TABS } from './tabs';

/**
 * What the area needs from the extension.
 */
export interface IRegistryAreaProps {
  client: JmsClient;
  trans: TranslationBundle;
  /**
   * The caller as `GET me` answers.
   */
  me: () => Promise<IMe>;
  /**
   * Called after a tab changed something, so the other Media panels refresh.
   */
  changed: () => void;
  tabs?: IRegistryTabEntry[];
  /**
   * Bumped to make the shown tab load again.
   */
  generation?: number;
}

/**
 * The Registry and Governance area: the tabs the caller may see, one shown at a time.
 */
export function RegistryArea(props: IRegistryAreaProps): JSX.Element {
  const { trans } = props;
  const all = props.tabs ?? REGISTRY_TABS;
  const me = useLoad(() => props.me(), [props.me], trans);
  const [selected, setSelected] = React.useState<string | null>(null);
  const buttons = React.useRef(new Map<string, HTMLButtonElement | null>());

  if (!me.data) {
    return (
      <div className="jp-jms-Registry">
        <ErrorNote message={me.error} status={me.status} />
        {!me.error && <p className="jp-jms-Muted">{trans.__('Loading…')}</p>}
      </div>
    );
  }
  const caller = me.data;
  const tabs = all.filter(t => t.visible(caller));
  const current = tabs.find(t => t.id === selected) ?? tabs[0];
  const admin = caller.capabilities.includes('administer_registry');

  // Arrow keys move between tabs, as in every tab list (WAI-ARIA tabs pattern).
  const onKeyDown = (event: React.KeyboardEvent) => {
    const i = tabs.findIndex(t => t.id === current?.id);
    let next = -1;
    if (event.key === 'ArrowRight') {
      next = (i + 1) % tabs.length;
    } else if (event.key === 'ArrowLeft') {
      next = (i - 1 + tabs.length) % tabs.length;
    } else if (event.key === 'Home') {
      next = 0;
    } else if (event.key === 'End') {
      next = tabs.length - 1;
    }
    if (next >= 0) {
      event.preventDefault();
      setSelected(tabs[next].id);
      buttons.current.get(tabs[next].id)?.focus();
    }
  };

  return (
    <div className="jp-jms-Registry" data-admin={admin ? 'true' : 'false'}>
      <header className="jp-jms-Registry-header">
        <h2 className="jp-jms-Registry-title">
          {trans.__('Registry and governance')}
        </h2>
        <p className="jp-jms-Muted jp-jms-Registry-who">
          {admin
            ? trans.__(
                'Signed in as %1: you may change the registry.',
                caller.name || caller.username
              )
            : trans.__(
                'Signed in as %1: read only.',
                caller.name || caller.username
              )}
        </p>
      </header>
      <div
        className="jp-jms-Registry-tabs"
        role="tablist"
        aria-label={trans.__('Registry and governance')}
        onKeyDown={onKeyDown}
      >
        {tabs.map(t => (
          <button
            key={t.id}
            ref={el => void buttons.current.set(t.id, el)}
            id={`jp-jms-registry-tab-${t.id}`}
            className="jp-jms-Registry-tab"
            role="tab"
            data-tab={t.id}
            aria-selected={t.id === current?.id}
            aria-controls={`jp-jms-registry-panel-${t.id}`}
            tabIndex={t.id === current?.id ? 0 : -1}
            onClick={() => setSelected(t.id)}
          >
            {t.label(trans)}
          </button>
        ))}
      </div>
      {current && (
        <div
          className="jp-jms-Registry-panel"
          role="tabpanel"
          id={`jp-jms-registry-panel-${current.id}`}
          aria-labelledby={`jp-jms-registry-tab-${current.id}`}
          data-tab={current.id}
        >
          <current.component
            key={`${current.id}-${props.generation ?? 0}`}
            client={props.client}
            me={caller}
            trans={trans}
            changed={props.changed}
          />
        </div>
      )}
    </div>
  );
}

/**
 * The area as a JupyterLab widget (held by a MainAreaWidget).
 */
export class RegistryWidget extends ReactWidget {
  constructor(private readonly _props: IRegistryAreaProps) {
    super();
    this.addClass('jp-jms-RegistryWidget');
  }

  /**
   * Load the shown tab again.
   */
  refresh(): void {
    this._generation += 1;
    this.update();
  }

  protected render(): JSX.Element {
    return (
      <div className="jp-jms-RegistryWidget-content">
        <button
          className="jp-jms-IconButton jp-jms-Registry-refresh"
          title={this._props.trans.__('Refresh')}
          aria-label={this._props.trans.__('Refresh')}
          onClick={() => this.refresh()}
        >
          <refreshIcon.react tag="span" />
        </button>
        <RegistryArea {...this._props} generation={this._generation} />
      </div>
    );
  }

  private _generation = 0;
}
