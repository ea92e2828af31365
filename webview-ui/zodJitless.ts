/**
 * Imported first by the webview entry. zod probes `new Function` when a schema is built, which the panel's
 * CSP forbids (and reports as a violation); jitless mode skips the probe. Must run before any schema exists.
 */
import * as z from "zod";

z.config({ jitless: true });
