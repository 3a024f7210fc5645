/**
 * The original's claims tested across seeds, as the findings chapter tests them from the run
 * store: how they were tested, how they fell, and one row per claim. The README carries it
 * (scripts/readme-results.ts).
 */
import type { Profile } from "../../experiments/config.js";
import { readmeTable } from "../display/tables.js";
import {
  claimsTableRows,
  CLAIMS_TABLE_HEADERS,
  conclusionsAcrossSeeds,
  verdictCounts,
} from "../statistics/seed-findings.js";
import { storedClaimsAcrossSeeds } from "./findings-chapter.js";

export async function seedClaimsSummary(profile: Profile): Promise<string> {
  const claims = await storedClaimsAcrossSeeds(profile);
  if (claims.length === 0)
    return "The original's claims across seeds: not tested yet; they need the comparison runs and their seeds (`npm run study`).";
  const [method] = conclusionsAcrossSeeds(claims, claims[0].perSeed[0]?.comparison.a.n);
  return [method, verdictCounts(claims), readmeTable(CLAIMS_TABLE_HEADERS, claimsTableRows(claims))].join("\n\n");
}
