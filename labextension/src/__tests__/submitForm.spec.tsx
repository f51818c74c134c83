// Draft titles here are test data, not text of the interface.
/* eslint-disable jupyter/no-untranslated-string */
import * as React from 'react';
import { renderToStaticMarkup } from 'react-dom/server';

import { JmsRequestError } from '../api';
import { formFromMetadata } from '../postForm';
import { PostFormModel } from '../postFormModel';
import { serviceOf } from '../service';
import type { IChannel } from '../types/registry';
import { formAfterFailure } from '../ui/submit';
import { PostFormView } from '../ui/submitForm';
import { failureSentence, meBody, SERVICE_URL } from './fakeServer';
import { trans } from './render';

const BLOG: IChannel = {
  id: 'blog',
  name: 'Blog',
  platform: 'blog',
  kind: 'blog',
  url: null,
  handle: null,
  status: 'active',
  preferred: true,
  char_limit: null
};

function render(model: PostFormModel, connected: boolean): HTMLElement {
  const host = document.createElement('div');
  host.innerHTML = renderToStaticMarkup(
    <PostFormView
      model={model}
      channels={[BLOG]}
      trans={trans}
      service={
        connected ? serviceOf(meBody({ service: { url: SERVICE_URL } })) : null
      }
    />
  );
  return host;
}

function formModel(failure: string | null = null): PostFormModel {
  const metadata = {
    title: 'Typed before the failure',
    authors: ['eve'],
    channels: ['blog']
  };
  return new PostFormModel({
    form: formFromMetadata(metadata, 'eve'),
    base: metadata,
    check: () => new Promise(() => undefined),
    failure
  });
}

describe('PostFormView', () => {
  it('says where a connected Lab submits to, with the URL as tooltip', () => {
    const line = render(formModel(), true).querySelector('.jp-jms-Service');

    expect(line?.textContent).toBe('Submits to jms.example.org:8443');
    expect(line?.getAttribute('title')).toContain(SERVICE_URL);
  });

  it('says nothing about a service on a personal server', () => {
    const node = render(formModel(), false);

    expect(node.querySelector('.jp-jms-Service')).toBeNull();
    expect(node.textContent).not.toContain('Submits to');
  });

  it.each([401, 502, 503, 504])(
    'opens again after a %i with the sentence and the values typed',
    status => {
      const error = new JmsRequestError(status, failureSentence(status));
      const again = formAfterFailure(error);
      expect(again).toEqual({ errors: [], failure: failureSentence(status) });

      const node = render(formModel(again.failure), true);

      expect(
        node.querySelector('[data-failure="submit"]')?.textContent
      ).toContain(failureSentence(status));
      expect(
        node.querySelector<HTMLInputElement>('input[name="title"]')?.value
      ).toBe('Typed before the failure');
      expect(
        node.querySelector<HTMLInputElement>('input[name="channel-blog"]')
          ?.checked
      ).toBe(true);
    }
  );

  it('opens again with field errors, not a sentence, when the metadata was refused', () => {
    const error = new JmsRequestError(
      400,
      'The post metadata is invalid.',
      null,
      [{ field: 'title', message: 'A title is required.' }]
    );

    expect(formAfterFailure(error)).toEqual({
      errors: [{ field: 'title', message: 'A title is required.' }],
      failure: null
    });
  });

  it('says in its banner when a text is over its channel limit', async () => {
    const mastodon: IChannel = {
      ...BLOG,
      id: 'mastodon',
      name: 'Mastodon',
      platform: 'mastodon',
      kind: 'social',
      preferred: false,
      char_limit: 500
    };
    const metadata = { title: 'Long toot', channels: ['blog', 'mastodon'] };
    let over = true;
    const model = new PostFormModel({
      form: formFromMetadata(metadata, 'eve'),
      base: metadata,
      check: async () => ({
        valid: true,
        errors: [],
        counts: [
          {
            channel: 'mastodon',
            platform: 'mastodon',
            count: over ? 680 : 120,
            limit: 500,
            over
          }
        ]
      })
    });
    const banner = () => {
      const host = document.createElement('div');
      host.innerHTML = renderToStaticMarkup(
        <PostFormView
          model={model}
          channels={[BLOG, mastodon]}
          trans={trans}
          service={null}
        />
      );
      return host.querySelector('.jp-jms-FormStatus')!;
    };

    await model.checkNow();
    expect(banner().getAttribute('data-status')).toBe('warning');
    expect(banner().textContent).toBe(
      'The text for Mastodon is over its limit (680 / 500): shorten it, or editors will see it flagged.'
    );

    over = false;
    await model.checkNow();
    expect(banner().getAttribute('data-status')).toBe('valid');
    expect(banner().textContent).toBe('The post metadata is valid.');
    model.dispose();
  });
});
