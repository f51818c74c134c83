import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import type { IMe } from '../types/me';
import { ChannelsTab } from './channels';
import { DecisionsTab } from './decisions';
import { GrantsTab } from './grants';
import { MeetingsTab } from './meetings';
import { MembersTab } from './members';
import { PageTab } from './page';
import type { IRegistryTabProps } from './tab';

/**
 * One tab of the Registry and Governance area.
 */
export interface IRegistryTabEntry {
  /**
   * Stable id, also the tab's `data-tab` attribute.
   */
  id: string;
  /**
   * The tab's name, translated.
   */
  label: (trans: TranslationBundle) => string;
  component: React.ComponentType<IRegistryTabProps>;
  /**
   * Whether the caller has anything to see in it, from `GET me` (capabilities, membership).
   */
  visible: (me: IMe) => boolean;
}

/**
 * The area's tabs, in order. Each tab asks the API and shows what its answers allow.
 */
export const REGISTRY_TABS: IRegistryTabEntry[] = [
  {
    id: 'channels',
    label: trans => trans.__('Channels'),
    component: ChannelsTab,
    visible: () => true
  },
  {
    id: 'grants',
    label: trans => trans.__('Access'),
    component: GrantsTab,
    visible: me => me.member !== false
  },
  {
    id: 'members',
    label: trans => trans.__('Members'),
    component: MembersTab,
    visible: () => true
  },
  {
    id: 'meetings',
    label: trans => trans.__('Meetings'),
    component: MeetingsTab,
    // Whoever reads or keeps governance records; the API's 403 says the rest.
    visible: me =>
      me.capabilities.some(c =>
        [
          'read_governance',
          'record_attendance',
          'administer_registry'
        ].includes(c)
      )
  },
  {
    // The decision log is public; voting and running votes follow the API's answers.
    id: 'decisions',
    label: trans => trans.__('Decisions'),
    component: DecisionsTab,
    visible: () => true
  },
  {
    id: 'page',
    label: trans => trans.__('Strategy page'),
    component: PageTab,
    visible: () => true
  }
];
