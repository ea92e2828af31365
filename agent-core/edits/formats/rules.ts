/** Prompt rules every format shares. */
export const COMMON_RULES = `- The tests are correct. Never edit test files; change the source so the tests pass.
- Make the smallest change that fixes the failures. Keep the file's style and exports.`;
