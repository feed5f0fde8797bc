import { HAZARD_STATUSES, type HazardStatus } from "../../core/hazard-set.ts";

/**
 * Built-in hazard-status vocabulary, English, Spanish and French, plus IMSMA land-release terms. Keys are
 * compared lower-cased, trimmed, with runs of spaces, `_` and `-` as one space and accents removed, so
 * "Confirmée", "confirmee" and "CONFIRMED_HAZARDOUS_AREA" all match. Decisions (docs/intake.md):
 * - "reduced"/reducida/réduite (land released by technical survey, IMAS 07.11) → released;
 * - "technical survey" (TS is carried out on a confirmed hazardous area, IMAS 08.20) → confirmed;
 * - "non-technical survey" (an area under NTS has no confirming evidence yet, IMAS 08.10) → suspected.
 */
const STATUS_WORDS: Record<string, HazardStatus> = {
  // English and IMSMA
  confirmed: "confirmed",
  cha: "confirmed",
  "confirmed hazardous area": "confirmed",
  "confirmed hazard area": "confirmed",
  "technical survey": "confirmed",
  ts: "confirmed",
  suspected: "suspected",
  suspect: "suspected",
  sha: "suspected",
  "suspected hazardous area": "suspected",
  "suspected hazard area": "suspected",
  "non technical survey": "suspected",
  nts: "suspected",
  cancelled: "cancelled",
  canceled: "cancelled",
  cleared: "cleared",
  clear: "cleared",
  released: "released",
  reduced: "released",
  // Spanish (área peligrosa sospechada / confirmada: APS / APC)
  confirmada: "confirmed",
  confirmado: "confirmed",
  "area peligrosa confirmada": "confirmed",
  apc: "confirmed",
  sospechosa: "suspected",
  sospechada: "suspected",
  sospechoso: "suspected",
  "area peligrosa sospechada": "suspected",
  aps: "suspected",
  cancelada: "cancelled",
  cancelado: "cancelled",
  despejada: "cleared",
  despejado: "cleared",
  liberada: "released",
  liberado: "released",
  reducida: "released",
  reducido: "released",
  // French (zone dangereuse suspectée / confirmée: ZDS / ZDC)
  confirmee: "confirmed",
  "zone dangereuse confirmee": "confirmed",
  zdc: "confirmed",
  suspecte: "suspected",
  suspectee: "suspected",
  "zone dangereuse suspectee": "suspected",
  zds: "suspected",
  annulee: "cancelled",
  depolluee: "cleared",
  deminee: "cleared",
  liberee: "released",
  reduite: "released",
};

/** The comparison form of a status text: lower case, no accents, separators as single spaces. */
export function statusKey(value: string): string {
  return value
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[\s_-]+/g, " ")
    .trim();
}

/** Map a hazard-area status text to HAZARD_STATUSES, or undefined when not recognised. */
export function normaliseHazardStatus(value: unknown): HazardStatus | undefined {
  if (typeof value !== "string") return undefined;
  const k = statusKey(value);
  if ((HAZARD_STATUSES as readonly string[]).includes(k)) return k as HazardStatus;
  return STATUS_WORDS[k];
}

/** How many built-in words there are per status (for docs and tests). */
export const STATUS_VOCABULARY: Readonly<Record<string, HazardStatus>> = STATUS_WORDS;
