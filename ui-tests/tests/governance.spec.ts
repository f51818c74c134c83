import { expect, Page, test } from '@playwright/test';

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

interface ISheet {
  items: { username: string; status: string; expected: boolean }[];
}

interface IDecision {
  id: string;
  title: string;
  status: string;
  outcome: string | null;
  winner: string | null;
  voted: string[];
  eligible: string[];
  tally: { cast?: number; eligible?: number; quorum?: number };
}

// The demo's chair (jupyter_jms/sample/demo.py): admin and chair.
const CHAIR = 'dana';
// Each run starts a fresh demo, so the title is unique there.
const TITLE = 'Which channel do we open next?';
const OPTIONS = ['Threads', 'LinkedIn', 'YouTube'];

test.describe.serial('the chair keeps meetings and votes in Lab', () => {
  let dana: ISession;

  test.afterAll(async () => {
    await dana?.context.close();
  });

  test('the chair takes attendance in a few clicks and it is saved', async ({
    browser
  }, testInfo) => {
    dana = await openLab(browser, CHAIR);
    const panel = await openTab(dana.page, 'meetings');
    const section = panel.locator('[data-section="attendance"]');
    await expect(section).toBeVisible();
    const occurrence = (await section.getAttribute('data-occurrence-id')) ?? '';
    expect(occurrence).not.toBe('');

    const rows = section.locator('tbody tr');
    const usernames = await rows.evaluateAll(trs =>
      trs.map(tr => tr.getAttribute('data-username') ?? '')
    );
    expect(usernames.length).toBeGreaterThan(2);
    const [absent, excused] = usernames.filter(u => u !== CHAIR);

    // Three clicks and a save: one absent, one excused, the rest attended.
    await section
      .locator(`tr[data-username="${absent}"]`)
      .getByRole('button', { name: 'Absent' })
      .click();
    await section
      .locator(`tr[data-username="${excused}"]`)
      .getByRole('button', { name: 'Excused' })
      .click();
    await section.getByRole('button', { name: 'The rest attended' }).click();
    await section.getByRole('button', { name: 'Save attendance' }).click();

    await expect(panel.locator('[role="status"]')).toContainText(
      'Attendance saved'
    );
    await expect(
      section.getByRole('button', { name: 'Save attendance' })
    ).toBeDisabled();
    await expect(
      section.locator(`tr[data-username="${absent}"]`)
    ).toHaveAttribute('data-status', 'absent');

    const sheet = await api<ISheet>(
      dana,
      `meetings/occurrences/${occurrence}/attendance`
    );
    const statuses = Object.fromEntries(
      sheet.items.filter(i => i.expected).map(i => [i.username, i.status])
    );
    for (const username of usernames) {
      const expected =
        username === absent
          ? 'absent'
          : username === excused
            ? 'excused'
            : 'attended';
      expect(statuses[username]).toBe(expected);
    }

    const shot = screenshotPath('governance-meetings.png');
    await dana.page
      .locator('.jp-jms-RegistryWidget')
      .first()
      .screenshot({ path: shot });
    await testInfo.attach('Meetings tab', {
      path: shot,
      contentType: 'image/png'
    });
  });

  test('the chair opens a ranked vote, two members vote in their own Labs, the chair closes it and sees the result', async ({
    browser
  }, testInfo) => {
    // A vote shorter than 7 days needs every voting member present: today's electorate.
    const members = await api<{
      items: { username: string; roles: string[] }[];
    }>(dana, 'members');
    const voters = members.items
      .filter(m => m.roles.some(r => ['editor', 'admin', 'chair'].includes(r)))
      .map(m => m.username);
    expect(voters).toEqual(expect.arrayContaining(['ada', 'ben', CHAIR]));

    const panel = await openTab(dana.page, 'decisions');
    await panel.locator('.jp-jms-Propose summary').click();
    const form = panel.locator('.jp-jms-Propose form');
    await form.getByLabel('A vote, opened now').check();
    await form.locator('input[name="title"]').fill(TITLE);
    await form.locator('select[name="question"]').selectOption('ranked');
    await form.locator('textarea[name="options"]').fill(OPTIONS.join('\n'));
    await form.locator('input[name="seconded_by"]').fill('ada');
    await form.locator('input[name="period_days"]').fill('0');
    const present = form.locator('[data-field="present"]');
    for (const voter of voters) {
      await present.locator(`input[value="${voter}"]`).check();
    }
    await form.getByRole('button', { name: 'Open the vote' }).click();
    const detail = panel.locator('[data-section="decision"]');
    await expect(detail.locator('h3')).toHaveText(TITLE);
    await expect(detail).toHaveAttribute('data-status', 'open');
    const id = (await detail.getAttribute('data-decision-id')) ?? '';

    // Each voter in their own browser context, on their own Lab.
    for (const [voter, order] of [
      ['ada', ['YouTube', 'Threads', 'LinkedIn']],
      ['ben', ['Threads', 'LinkedIn', 'YouTube']]
    ] as const) {
      const session = await openLab(browser, voter);
      try {
        const tab = await openTab(session.page, 'decisions');
        await tab.getByRole('button', { name: TITLE }).click();
        const ballot = tab.locator('.jp-jms-Ballot');
        await expect(ballot).toBeVisible();
        if (voter === 'ada') {
          // Keyboard only: focus the button, press Enter, twice.
          const up = ballot.getByRole('button', { name: 'Move YouTube up' });
          await up.focus();
          await session.page.keyboard.press('Enter');
          await up.focus();
          await session.page.keyboard.press('Enter');
        }
        await expect(ballot.locator('.jp-jms-Ranking li')).toHaveText(
          order.map(o => new RegExp(`^${o}`))
        );
        await ballot.getByRole('button', { name: 'Cast this ranking' }).click();
        await expect(tab.locator('[role="status"]')).toHaveText('Ballot cast.');
        await expect(ballot).toHaveCount(0);
      } finally {
        await session.context.close();
      }
    }

    const before = await api<IDecision>(dana, `decisions/${id}`);
    expect(before.voted.sort()).toEqual(['ada', 'ben']);

    await dana.page.locator('.jp-jms-Registry-refresh').first().click();
    const again = await openTab(dana.page, 'decisions');
    await again.getByRole('button', { name: TITLE }).click();
    const shown = again.locator('[data-section="decision"]');
    await shown.getByRole('button', { name: 'Close the vote' }).click();
    await expect(shown).toHaveAttribute('data-status', 'closed');

    const closed = await api<IDecision>(dana, `decisions/${id}`);
    expect(closed.status).toBe('closed');
    expect(closed.outcome).not.toBeNull();
    const result = shown.locator('.jp-jms-Result');
    await expect(result).toHaveAttribute('data-outcome', closed.outcome ?? '');
    await expect(result.locator('[data-figure="cast"]')).toHaveText(
      String(closed.tally.cast)
    );
    expect(closed.tally.cast).toBe(2);
    expect(closed.tally.eligible).toBe(voters.length);

    const shot = screenshotPath('governance-decisions.png');
    await dana.page
      .locator('.jp-jms-RegistryWidget')
      .first()
      .screenshot({ path: shot });
    await testInfo.attach('Decisions tab', {
      path: shot,
      contentType: 'image/png'
    });
  });
});
