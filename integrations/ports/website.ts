/**
 * The business-website check's port, implemented by `integrations/website.ts`. Importers use
 * `integrations/ports.ts`.
 */

export interface WebsiteChecker {
  /** A real HTTP GET with a short timeout: is the business website live (2xx/3xx)? */
  isLive(url: string): Promise<{ live: boolean; detail: string }>;
}
