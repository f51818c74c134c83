import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import type { IMe } from '../types/me';
import { INotice, MeetingsModel, OccurrenceChange } from './attendance';
import { TabFrame, useActed, useModel } from './common';
import { FlagsSection } from './meetingFlags';
import { AttendanceSection } from './meetingSheet';
import { meetingTime } from './meetingLabels';
import type { IOccurrence } from './meetingsApi';
import { OccurrencesSection, SeriesSection } from './meetingSeries';
import type { IRegistryTabProps } from './tab';

function occurrenceNotice(
  change: OccurrenceChange,
  o: IOccurrence,
  trans: TranslationBundle
): string {
  const when = meetingTime(o);
  switch (change) {
    case 'cancelled':
      return trans.__('%1 on %2 cancelled.', o.title, when);
    case 'restored':
      return trans.__('%1 on %2 restored.', o.title, when);
    case 'moved':
      return trans.__('%1 moved to %2.', o.title, when);
    case 'back':
      return trans.__('%1 back in its slot, %2.', o.title, when);
    case 'added':
      return trans.__('Ad hoc meeting %1 added for %2.', o.title, when);
  }
}

function noticeText(notice: INotice, trans: TranslationBundle): string {
  switch (notice.kind) {
    case 'saved':
      return trans._n(
        'Attendance saved: %1 record changed.',
        'Attendance saved: %1 records changed.',
        notice.count
      );
    case 'imported': {
      const aliases = Object.entries(notice.resolved)
        .map(([handle, username]) => `${handle} → ${username}`)
        .join(', ');
      const head = trans._n(
        'Minutes imported: %1 record changed.',
        'Minutes imported: %1 records changed.',
        notice.count
      );
      return aliases
        ? `${head} ${trans.__('Aliases resolved: %1.', aliases)}`
        : head;
    }
    case 'series':
      return trans.__('Series "%1" saved.', notice.title);
    case 'occurrence':
      return occurrenceNotice(notice.change, notice.occurrence, trans);
    case 'flags': {
      const c = notice.counts;
      return c
        ? trans.__(
            'Flags kept on record: %1 raised, %2 updated, %3 cleared, %4 unchanged.',
            c.raised,
            c.updated,
            c.cleared,
            c.unchanged
          )
        : trans.__('Flags kept on record.');
    }
  }
}

/**
 * The Meetings tab of the Registry and Governance area.
 */
export function MeetingsTab(props: IRegistryTabProps): JSX.Element {
  const model = React.useMemo(
    () => new MeetingsModel(props.client),
    [props.client]
  );
  React.useEffect(() => {
    void model.load();
    void model.loadFlags();
  }, [model]);
  return (
    <MeetingsView
      model={model}
      me={props.me}
      trans={props.trans}
      changed={props.changed}
    />
  );
}

export interface IMeetingsViewProps {
  model: MeetingsModel;
  me: IMe;
  trans: TranslationBundle;
  changed: () => void;
}

/**
 * What the Meetings tab shows for the state of its model.
 */
export function MeetingsView(props: IMeetingsViewProps): JSX.Element {
  const { model, trans, me } = props;
  useModel(model);
  const canRecord = me.capabilities.includes('record_attendance');
  const acted = useActed(props.changed);
  return (
    <TabFrame
      className="jp-jms-Governance jp-jms-Meetings"
      loadError={model.loadError}
      failure={model.failure}
      notice={model.notice ? noticeText(model.notice, trans) : null}
    >
      {model.draft ? (
        <AttendanceSection
          draft={model.draft}
          model={model}
          canRecord={canRecord}
          trans={trans}
          onSaved={acted}
        />
      ) : (
        <p className="jp-jms-Muted">{trans.__('No meeting to show.')}</p>
      )}
      <OccurrencesSection
        model={model}
        canRecord={canRecord}
        trans={trans}
        onSaved={acted}
      />
      <SeriesSection
        model={model}
        canRecord={canRecord}
        trans={trans}
        onSaved={acted}
      />
      <FlagsSection
        model={model}
        canRecord={canRecord}
        trans={trans}
        onSaved={acted}
      />
    </TabFrame>
  );
}
