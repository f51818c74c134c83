import type { IDraft, IDraftDetail } from '../types/drafts';

/**
 * A draft as the list endpoint returns it.
 */
export function draft(overrides: Partial<IDraft> = {}): IDraft {
  return {
    id: '1',
    path: 'posts/a.ipynb',
    title: 'A post',
    subtitle: '',
    language: 'en',
    authors: ['eve'],
    channels: ['blog'],
    third_party: false,
    state: 'submitted',
    revision: 1,
    version: 1,
    submitted_by: 'eve',
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    approvals: 0,
    required_approvals: 1,
    needs_vetting: false,
    vetted: false,
    ...overrides
  };
}

/**
 * A draft as `GET drafts/{id}` returns it.
 */
export function detail(overrides: Partial<IDraftDetail> = {}): IDraftDetail {
  return {
    ...draft(),
    revisions: [],
    post: null,
    reviews: [],
    vettings: [],
    comments: [],
    publications: [],
    checks: [],
    history: [],
    last_reviewed_revision: null,
    my_review: null,
    my_vetting: null,
    allowed_actions: ['comment'],
    ...overrides
  };
}
