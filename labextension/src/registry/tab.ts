import { TranslationBundle } from '@jupyterlab/translation';

import type { JmsClient } from '../client';
import type { IMe } from '../types/me';

/**
 * What every tab of the Registry and Governance area is given by the panel that holds it.
 *
 * A tab asks the API through `client` (its typed calls live beside the tab, built on
 * `JmsClient.call`), shows only what `me.capabilities` and the API's answers say the caller
 * may do, and calls `changed` after an action so that other tabs and the Media sidebar
 * refresh.
 */
export interface IRegistryTabProps {
  client: JmsClient;
  me: IMe;
  trans: TranslationBundle;
  changed: () => void;
}
