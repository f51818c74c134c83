/**
 * Whether a URL from the API may become a link: only http(s), never `javascript:`.
 */
export function isWebUrl(url: string | null | undefined): url is string {
  return typeof url === 'string' && /^https?:\/\//i.test(url.trim());
}
