import {
  errorsByField,
  formFromMetadata,
  fromLocalInput,
  IPostForm,
  metadataFromForm,
  splitList,
  toLocalInput
} from '../postForm';

function blankForm(overrides: Partial<IPostForm> = {}): IPostForm {
  return { ...formFromMetadata(undefined, ''), ...overrides };
}

describe('formFromMetadata', () => {
  it('starts an empty post in English with the submitter as author', () => {
    const form = formFromMetadata(undefined, 'eve');

    expect(form).toMatchObject({
      title: '',
      authors: 'eve',
      language: 'en',
      channels: [],
      thirdParty: false,
      social: {}
    });
  });

  it('reads every field of existing metadata', () => {
    const form = formFromMetadata(
      {
        title: 'T',
        subtitle: 'S',
        authors: ['eve', 'ben'],
        language: 'es',
        channels: ['blog', 'mastodon'],
        third_party: true,
        third_party_benefit: 'B',
        tags: ['a', 'b'],
        image: { path: 'cover.png', alt: 'A cover' },
        social: { mastodon: 'Hi', bluesky: 42 }
      },
      'eve'
    );

    expect(form).toMatchObject({
      title: 'T',
      subtitle: 'S',
      authors: 'eve, ben',
      language: 'es',
      channels: ['blog', 'mastodon'],
      thirdParty: true,
      thirdPartyBenefit: 'B',
      tags: 'a, b',
      imagePath: 'cover.png',
      imageAlt: 'A cover',
      social: { mastodon: 'Hi' }
    });
  });

  it('ignores malformed values instead of failing', () => {
    const form = formFromMetadata(
      { title: 3, authors: 'eve', channels: [1, 'blog'] },
      'zed'
    );

    expect(form.title).toBe('');
    expect(form.authors).toBe('zed');
    expect(form.channels).toEqual(['blog']);
  });
});

describe('metadataFromForm', () => {
  it('leaves empty optional fields out', () => {
    const meta = metadataFromForm(
      blankForm({ title: '  A title ', authors: 'eve' })
    );

    expect(meta).toEqual({
      title: 'A title',
      authors: ['eve'],
      language: 'en',
      channels: [],
      third_party: false
    });
  });

  it('splits authors on commas and spaces, tags on commas only', () => {
    const meta = metadataFromForm(
      blankForm({ authors: 'eve, ben  ada,', tags: 'open source, jupyterlab,' })
    );

    expect(meta.authors).toEqual(['eve', 'ben', 'ada']);
    expect(meta.tags).toEqual(['open source', 'jupyterlab']);
  });

  it('keeps social texts only for the channels picked', () => {
    const meta = metadataFromForm(
      blankForm({
        channels: ['mastodon'],
        social: { mastodon: 'Out now', bluesky: 'dropped', linkedin: '' }
      })
    );

    expect(meta.social).toEqual({ mastodon: 'Out now' });
  });

  it('writes the benefit only for third-party content', () => {
    expect(
      metadataFromForm(blankForm({ thirdParty: false, thirdPartyBenefit: 'x' }))
    ).not.toHaveProperty('third_party_benefit');
    expect(
      metadataFromForm(
        blankForm({ thirdParty: true, thirdPartyBenefit: ' x ' })
      )
    ).toMatchObject({ third_party: true, third_party_benefit: 'x' });
  });

  it('keeps keys it does not edit so the server can judge them', () => {
    const meta = metadataFromForm(blankForm({ title: 'T' }), {
      title: 'old',
      unexpected: 1
    });

    expect(meta).toMatchObject({ title: 'T', unexpected: 1 });
  });

  it('gives the cover image alt text only when typed', () => {
    expect(metadataFromForm(blankForm({ imagePath: 'c.png' })).image).toEqual({
      path: 'c.png'
    });
    expect(
      metadataFromForm(blankForm({ imagePath: 'c.png', imageAlt: 'Cover' }))
        .image
    ).toEqual({ path: 'c.png', alt: 'Cover' });
  });

  it('round-trips metadata through the form', () => {
    const original = {
      title: 'T',
      subtitle: 'S',
      summary: 'Sum',
      authors: ['eve'],
      language: 'pt-BR',
      channels: ['blog', 'mastodon'],
      third_party: false,
      tags: ['x'],
      image: { path: 'c.png', alt: 'C' },
      social: { mastodon: 'M' }
    };

    expect(
      metadataFromForm(formFromMetadata(original, 'eve'), original)
    ).toEqual(original);
  });
});

describe('publish_after', () => {
  it('round-trips a date-time through the local input', () => {
    const iso = '2026-03-04T05:06:00.000Z';

    expect(fromLocalInput(toLocalInput(iso))).toBe(iso);
  });

  it('leaves text that is no date for the server to name', () => {
    expect(fromLocalInput('tomorrow')).toBe('tomorrow');
    expect(toLocalInput('tomorrow')).toBe('');
  });
});

describe('errorsByField', () => {
  it('groups server errors by the input they belong to', () => {
    const grouped = errorsByField([
      { field: 'metadata.jms.title', message: 'required' },
      { field: 'metadata.jms.channels.1', message: "unknown channel 'x'" },
      { field: 'metadata.jms.social.mastodon', message: 'too long' },
      { field: 'metadata.jms', message: 'missing' },
      { field: 'metadata.jms.title', message: 'single line' }
    ]);

    expect(grouped).toEqual({
      title: ['required', 'single line'],
      channels: ["unknown channel 'x'"],
      'social.mastodon': ['too long'],
      '': ['missing']
    });
  });
});

describe('splitList', () => {
  it('drops empty items and surrounding spaces', () => {
    expect(splitList(' a, ,b ,')).toEqual(['a', 'b']);
    expect(splitList('a b,c', true)).toEqual(['a', 'b', 'c']);
  });
});
