// 常见问题及解答 on the server side: the FAQ edition the server publishes at
// GET /api/v1/help/faq, public like the help pages. By default it is one edition newer
// than the app's built-in copy; tests publish other editions, or raw bodies the client
// must refuse (`publishRaw`), in process through `sandbox.help`.

import type { IncomingMessage } from 'node:http';
import { faqDocumentSchema, helpPaths, type FaqDocumentDto } from '../../main/net/contract';
import { BUILT_IN_FAQ } from '../../main/services/help/builtin-faq';
import { discardBody, jsonReply, type Reply } from './http';
import { methodNotAllowed } from './routes';

/** The sandbox's default edition: the built-in one plus a section about 证书下载. */
export const SANDBOX_FAQ: FaqDocumentDto = {
  version: BUILT_IN_FAQ.version + 1,
  publishedAt: '2026-12-01T09:00:00+08:00',
  sections: [
    ...BUILT_IN_FAQ.sections,
    {
      title: '证书下载',
      items: [
        {
          question: '哪些证书支持电子版下载?',
          answer: 'RCEP 证书及 RCEP 背对背证书部分证书支持电子版下载。该功能暂时适用于目的国为日本、新加坡、新西兰、澳大利亚、韩国的 RCEP 原产地证书,适用证书范围依据公告进行增减。',
        },
      ],
    },
  ],
};

export class FaqPublisher {
  private body: { kind: 'document'; document: FaqDocumentDto } | { kind: 'raw'; text: string } = { kind: 'document', document: SANDBOX_FAQ };
  /** Requests answered, to prove a page read the cache without asking the server. */
  requests = 0;

  /** Publishes an edition; it must be one the contract accepts (use publishRaw for anything else). */
  publish(document: FaqDocumentDto): void {
    this.body = { kind: 'document', document: faqDocumentSchema.parse(document) };
  }

  /** Serves these bytes as the FAQ, with status 200: how a broken server looks to the client. */
  publishRaw(text: string): void {
    this.body = { kind: 'raw', text };
  }

  current(): FaqDocumentDto | null {
    return this.body.kind === 'document' ? this.body.document : null;
  }

  reply(): Reply {
    this.requests++;
    if (this.body.kind === 'document') return jsonReply(200, this.body.document);
    return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: Buffer.from(this.body.text) };
  }
}

export async function helpRoute(ctx: { help: FaqPublisher }, req: IncomingMessage, url: URL): Promise<Reply | null> {
  if (url.pathname !== helpPaths.faq) return null;
  if (req.method !== 'GET') methodNotAllowed(req, 'GET');
  discardBody(req);
  return ctx.help.reply();
}
