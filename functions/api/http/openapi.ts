// What every route's OpenAPI declaration repeats, written once: a JSON body, the bearer credential
// (a department's API key or a user's session), and the error answers a route can give — each
// route file keeps its own words for what "invalid" and "not allowed" mean there.
import type { z } from '@hono/zod-openapi';
import { ErrorBody } from './http-errors.js';

export const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } });

/** Signed in with a key or a session (`Authorization: Bearer …`). */
export const security = [{ bearer: [] }];

/** An error answer: the ErrorBody with its field paths and bilingual messages. */
export const errorAnswer = (description: string) => ({ description, content: json(ErrorBody) });

/** The 400/401/403 answers of a signed-in route, in the route file's words. */
export function errorAnswers(words: { 400: string; 401?: string; 403: string }) {
  return { 400: errorAnswer(words[400]), 401: errorAnswer(words[401] ?? 'not signed in'), 403: errorAnswer(words[403]) };
}
