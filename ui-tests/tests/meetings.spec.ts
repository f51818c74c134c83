import { expect, Locator, Page, test, TestInfo } from '@playwright/test';

import { api, ISession, openLab, screenshotPath, showSidebar } from './lab';

/**
 * Open the Registry and Governance area from the Media sidebar, on one of its tabs.
 */
async function openTab(page: Page, tab: 'meetings' | 'decisions') {
  const sidebar = await showSidebar(page);
  await sidebar.locator('[data-action="open-registry"]').click();
  const area = page.locator('.jp-jms-Registry').first();
  await area.locator(`[role="tab"][data-tab="${tab}"]`).click();
  const panel = area.locator(`[role="tabpanel"][data-tab="${tab}"]`);
  await expect(panel).toBeVisible();
  return panel;
}

async function shoot(
  target: Locator | Page,
  name: string,
  title: string,
  testInfo: TestInfo
) {
  const path = screenshotPath(name);
  await target.screenshot({ path });
  await testInfo.attach(title, { path, contentType: 'image/png' });
}

interface IOccurrence {
  id: string;
  kind: string;
  status: string;
  moved: boolean;
  title: string;
  note: string;
  local_start: string;
  tz: string;
}

interface IDecision {
  id: string;
  title: string;
  status: string;
}

/**
 * `datetime-local` text one day later (wall-clock arithmetic, no zone involved).
 */
function nextDay(wall: string): string {
  const t = new Date(`${wall}:00Z`);
  return new Date(t.getTime() + 86_400_000).toISOString().slice(0, 16);
}

// The demo's chair (jupyter_jms/sample/demo.py): admin and chair.
const CHAIR = 'dana';
const AD_HOC = 'Channel workshop';
const PROPOSAL = 'Pause the newsletter over the summer';

test.describe
  .serial('the chair changes meetings and withdraws a proposal in Lab', () => {
  let dana: ISession;

  test.afterAll(async () => {
    await dana?.context.close();
  });

  test('the chair cancels a coming meeting, restores it, and moves another', async ({
    browser
  }, testInfo) => {
    dana = await openLab(browser, CHAIR);
    const panel = await openTab(dana.page, 'meetings');
    const section = panel.locator('[data-section="occurrences"]');
    const coming = section.locator('details.jp-jms-ComingMeetings');
    await coming.locator('summary').click();
    const rows = coming.locator('tr[data-occurrence-id]');
    await expect(rows.first()).toBeVisible();
    const [first, second] = await rows.evaluateAll(trs =>
      trs.slice(0, 2).map(tr => tr.getAttribute('data-occurrence-id') ?? '')
    );
    const row = (id: string) =>
      coming.locator(`tr[data-occurrence-id="${id}"]`);
    const editor = coming.locator('.jp-jms-OccurrenceEditor');

    // Cancel, with the reason kept as the meeting's note.
    await row(first).locator('[data-action="change-meeting"]').click();
    await expect(editor).toBeVisible();
    await editor.getByLabel('Reason').fill('Holiday week');
    await shoot(panel, 'meetings-change.png', 'Changing a meeting', testInfo);
    await editor.getByRole('button', { name: 'Cancel the meeting' }).click();
    await expect(panel.locator('[role="status"]')).toContainText('cancelled');
    await expect(row(first)).toHaveAttribute('data-status', 'cancelled');
    const cancelled = await api<IOccurrence>(
      dana,
      `meetings/occurrences/${first}`
    );
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.note).toBe('Holiday week');
    await shoot(
      panel,
      'meetings-cancelled.png',
      'A cancelled meeting',
      testInfo
    );

    // Restore it: the editor offers a restore instead of a cancel now.
    await row(first).locator('[data-action="change-meeting"]').click();
    await expect(
      editor.getByRole('button', { name: 'Cancel the meeting' })
    ).toHaveCount(0);
    await editor.getByRole('button', { name: 'Restore the meeting' }).click();
    await expect(row(first)).toHaveAttribute('data-status', 'scheduled');
    expect(
      (await api<IOccurrence>(dana, `meetings/occurrences/${first}`)).status
    ).toBe('scheduled');

    // Move the next one a day later, by its wall-clock time in its own zone.
    const before = await api<IOccurrence>(
      dana,
      `meetings/occurrences/${second}`
    );
    await row(second).locator('[data-action="change-meeting"]').click();
    const start = editor.locator('input[name="start"]');
    await expect(
      editor.locator('label:has(input[name="start"])')
    ).toContainText(`local time in ${before.tz}`);
    const wall = await start.inputValue();
    expect(wall).toBe(before.local_start.slice(0, 16));
    await start.fill(nextDay(wall));
    await editor.getByRole('button', { name: 'Move', exact: true }).click();
    await expect(panel.locator('[role="status"]')).toContainText('moved to');
    const moved = await api<IOccurrence>(
      dana,
      `meetings/occurrences/${second}`
    );
    expect(moved.moved).toBe(true);
    expect(moved.local_start.slice(0, 16)).toBe(nextDay(wall));
    await expect(row(second)).toHaveAttribute('data-moved', 'true');
  });

  test('the chair adds an ad hoc meeting, told it never counts toward the rule', async ({}, testInfo) => {
    const panel = await openTab(dana.page, 'meetings');
    const adHoc = panel.locator('.jp-jms-AdHoc');
    await adHoc.locator('summary').click();
    await expect(adHoc).toContainText(
      'never counts toward the attendance rule'
    );
    await adHoc.getByLabel('Title').fill(AD_HOC);
    await adHoc.getByLabel('Time zone (IANA)').fill('Europe/Berlin');
    const start = adHoc.locator('input[name="start"]');
    await expect(adHoc.locator('label:has(input[name="start"])')).toContainText(
      'local time in Europe/Berlin'
    );
    const day = new Date(Date.now() + 3 * 86_400_000)
      .toISOString()
      .slice(0, 10);
    await start.fill(`${day}T15:00`);
    await shoot(panel, 'meetings-adhoc.png', 'An ad hoc meeting', testInfo);
    await adHoc.getByRole('button', { name: 'Add meeting' }).click();
    await expect(panel.locator('[role="status"]')).toContainText(
      `Ad hoc meeting ${AD_HOC} added for ${day} 15:00 (Europe/Berlin)`
    );
    const listed = await api<{ items: IOccurrence[] }>(
      dana,
      'meetings/occurrences'
    );
    const added = listed.items.filter(o => o.title === AD_HOC);
    expect(added).toHaveLength(1);
    expect(added[0].kind).toBe('ad_hoc');
    expect(added[0].local_start.slice(0, 16)).toBe(`${day}T15:00`);
    await expect(
      panel.locator(`tr[data-occurrence-id="${added[0].id}"]`)
    ).toHaveCount(1);
  });

  test('the chair withdraws a proposal only after confirming', async ({}, testInfo) => {
    const panel = await openTab(dana.page, 'decisions');
    await panel.locator('.jp-jms-Propose summary').click();
    const form = panel.locator('.jp-jms-Propose form');
    await form.locator('input[name="title"]').fill(PROPOSAL);
    await form.getByRole('button', { name: 'Propose' }).click();
    const detail = panel.locator('[data-section="decision"]');
    await expect(detail.locator('h3')).toHaveText(PROPOSAL);
    await expect(detail).toHaveAttribute('data-status', 'proposed');
    const id = (await detail.getAttribute('data-decision-id')) ?? '';

    // Who is present at a consensus: a checkbox per member, with all and none.
    const consensus = detail.locator('.jp-jms-Consensus');
    await consensus.locator('summary').click();
    const picker = consensus.locator('[data-field="present"]');
    await picker.getByRole('button', { name: 'All' }).click();
    await expect(picker.locator('input:not(:checked)')).toHaveCount(0);
    await picker.getByRole('button', { name: 'None' }).click();
    await expect(picker.locator('input:checked')).toHaveCount(0);
    // Keyboard: focus a checkbox and tick it with the space bar.
    const box = picker.locator(`input[value="${CHAIR}"]`);
    await box.focus();
    await dana.page.keyboard.press('Space');
    await expect(box).toBeChecked();
    await shoot(detail, 'decisions-present.png', 'Members present', testInfo);
    await consensus.locator('summary').click();

    const withdraw = detail.locator('.jp-jms-Withdraw');
    await withdraw.locator('summary').click();
    await withdraw.getByLabel('Reason').fill('Decided at the meeting instead.');
    await withdraw
      .getByRole('button', { name: 'Withdraw this decision' })
      .click();
    const dialog = dana.page.locator('.jp-Dialog');
    await expect(dialog).toContainText('A withdrawn decision is final');
    await shoot(dana.page, 'decisions-withdraw.png', 'Withdrawing', testInfo);
    // Cancelling the dialog changes nothing.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toHaveCount(0);
    expect((await api<IDecision>(dana, `decisions/${id}`)).status).toBe(
      'proposed'
    );

    await withdraw
      .getByRole('button', { name: 'Withdraw this decision' })
      .click();
    await dialog.getByRole('button', { name: 'Withdraw' }).click();
    await expect(detail).toHaveAttribute('data-status', 'withdrawn');
    await expect(panel.locator('[role="status"]')).toHaveText('Withdrawn.');
    expect((await api<IDecision>(dana, `decisions/${id}`)).status).toBe(
      'withdrawn'
    );
    await expect(detail.locator('.jp-jms-Withdraw')).toHaveCount(0);
    await shoot(
      panel,
      'decisions-withdrawn.png',
      'A withdrawn proposal',
      testInfo
    );
  });
});
