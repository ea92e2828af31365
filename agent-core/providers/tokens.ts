/** Token estimates for servers that report no usage. */

/** Rough token count: ceil(chars / 4). */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
