/**
 * The publication view's blog exports: downloaded through the Lab's server connection,
 * refused with the server's sentence, saved under the file name the server gives.
 */

import { filenameOf, IDownload, PublicationModel } from '../publicationModel';
import { fakeClient } from './fakeServer';
import { loaded, publication, view } from './publicationFixtures';
import { Mounted } from './render';

describe('PublicationView exports', () => {
  let mounted: Mounted | null = null;
  afterEach(() => {
    mounted?.unmount();
    mounted = null;
  });

  it('downloads each blog export through the Lab’s server connection', async () => {
    const { model, seen } = await loaded(publication());
    const saved: IDownload[] = [];
    mounted = new Mounted(view(model, { onSave: f => saved.push(f) }));
    const buttons = mounted.node.querySelectorAll('[data-export]');
    expect(Array.from(buttons).map(b => b.getAttribute('data-export'))).toEqual(
      ['html', 'md', 'static']
    );

    await mounted.click(buttons[1], () => saved.length === 1);

    const asked = seen.filter(s => s.path === 'drafts/4/export');
    expect(asked.map(s => s.query.get('format'))).toEqual(['md']);
    expect(saved[0].filename).toBe('draft-4.zip');
    expect(await saved[0].blob.text()).toContain('<html>post</html>');
  });

  it('shows the sentence when an export is refused', async () => {
    const failing = fakeClient(s =>
      s.path === 'drafts/4/export'
        ? [
            409,
            { message: 'Draft 4 is not approved.', reason: null, errors: [] }
          ]
        : [200, publication()]
    );
    const model = new PublicationModel(failing.serverSettings, '4');
    await model.load();
    mounted = new Mounted(view(model));

    await mounted.click(
      mounted.node.querySelector('[data-export="html"]')!,
      () => model.actionError !== null
    );

    expect(
      mounted.node.querySelector('[data-part="action-error"]')?.textContent
    ).toBe('Draft 4 is not approved.');
  });

  it('reads the file name the server gives', () => {
    expect(filenameOf('attachment; filename="post-4.zip"')).toBe('post-4.zip');
    expect(filenameOf(null)).toBeNull();
  });
});
