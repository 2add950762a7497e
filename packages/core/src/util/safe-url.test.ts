import { expect, it } from 'vitest';
import { isSafeUrl } from './safe-url.ts';

it.each(['https://cdn.example.com/a.jpg', 'HTTP://Example.com/', '/p/sku-1', './a.jpg', '../a.jpg', 'img/a.jpg', 'a.jpg', '?q=1', '#top', '/p/a b.jpg', '/p/1?x=http://y', '/', 'https://x', '/p/é.jpg'])(
  'accepts %s',
  (url) => expect(isSafeUrl(url)).toBe(true),
);

it.each([
  'javascript:alert(1)',
  'JavaScript:alert(1)',
  'data:text/html,x',
  'vbscript:x',
  'x.javascript:alert(1)',
  'com.example.app:open',
  'mailto:a@b.c',
  '//evil.example/a.jpg',
  '/\\evil.example/a.jpg',
  '\\\\evil.example',
  'java\nscript:alert(1)',
  'java\tscript:alert(1)',
  ' javascript:alert(1)',
  'https:evil.example',
  'https://',
  'https://a\\b',
  '/a\\b',
  'https://a\u007f',
  '/a\u0000',
  '/a ',
  '',
])('refuses %j', (url) => expect(isSafeUrl(url)).toBe(false));
