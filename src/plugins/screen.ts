import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';

interface ScreenOptions {
  /** Folder holding index.html, onboarding.js and onboarding.css; defaults to public/onboarding. */
  dir?: string | URL;
}

const DEFAULT_DIR = new URL('../../public/onboarding/', import.meta.url);
const CHAT_DIR = new URL('../../public/chat/', import.meta.url);

/** A fixed list, so no request path ever reaches the file system. */
const ASSETS = [
  { url: '/', file: 'index.html', type: 'text/html; charset=utf-8' },
  { url: '/onboarding/onboarding.js', file: 'onboarding.js', type: 'text/javascript; charset=utf-8' },
  { url: '/onboarding/onboarding.css', file: 'onboarding.css', type: 'text/css; charset=utf-8' },
] as const;

/**
 * The page's own policy: helmet runs with CSP off for the API and the docs, but this page only
 * needs its same-origin module script, stylesheet and fetch, so it gets a strict one.
 */
const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** docs/behaviour/review.md: GET / serves the onboarding screen (plain HTML, one JS module, one stylesheet). */
export default async function screenPlugin(app: FastifyInstance, opts: ScreenOptions = {}) {
  // The companion chat screen the guided flow hands off to: /chat/<agent_id>, same page for every avatar.
  const chatPage = await readFile(new URL('index.html', CHAT_DIR));
  const chatScript = await readFile(new URL('chat.js', CHAT_DIR));
  app.get('/chat/chat.js', { schema: { hide: true } }, async (_request, reply) =>
    reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(chatScript),
  );
  app.get('/chat/:agent', { schema: { hide: true } }, async (_request, reply) =>
    reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('content-security-policy', PAGE_CSP)
      .send(chatPage),
  );

  const base = opts.dir ?? DEFAULT_DIR;
  const dir = typeof base === 'string' && !base.endsWith('/') ? `${base}/` : base;
  for (const asset of ASSETS) {
    const file = typeof dir === 'string' ? `${dir}${asset.file}` : new URL(asset.file, dir);
    const body = await readFile(file);
    app.get(asset.url, { schema: { hide: true } }, async (_request, reply) => {
      reply.header('content-type', asset.type).header('cache-control', 'no-cache');
      if (asset.file === 'index.html') reply.header('content-security-policy', PAGE_CSP);
      return reply.send(body);
    });
  }
}
