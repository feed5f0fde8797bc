import { describe, expect, it } from "vitest";
import { OptionError } from "../../../src/core/errors.ts";
import { alternativeRoutes } from "../../../src/analyses/routing/alternatives.ts";
import { shortestPath } from "../../../src/analyses/routing/shortest-path.ts";
import { LADDER, LADDER_RATES, routingSetup } from "../../helpers/routing-networks.ts";

const A = { x: 0, y: 0 };
const B = { x: 1000, y: 0 };

describe("alternativeRoutes (iterative penalty method)", () => {
  const { graph, index } = routingSetup(LADDER);
  const names = (routes: ReturnType<typeof alternativeRoutes>) => routes.map((r) => LADDER[r.path.steps[0].lixel].name);

  it("finds the roads in the order the penalties expose them", () => {
    // Round 1: D 1000. D doubled → 2000: M 1400. M doubled → 2800: N 1800 < D 2000. Costs D, M, N.
    const routes = alternativeRoutes(graph, index, A, B, { count: 3, maxCostRatio: 3 });
    expect(names(routes)).toEqual(["D", "M", "N"]);
    expect(routes.map((r) => r.path.cost)).toEqual([1000, 1400, 1800]);
    expect(routes.map((r) => r.sharedWithBestM)).toEqual([1000, 0, 0]);
    expect(routes[0].path).toEqual(shortestPath(graph, index, A, B));
  });

  it("drops routes costlier than maxCostRatio × the best (default 1.5)", () => {
    // N costs 1800 > 1.5 × 1000: the search stops after D and M.
    expect(names(alternativeRoutes(graph, index, A, B))).toEqual(["D", "M"]);
    expect(names(alternativeRoutes(graph, index, A, B, { maxCostRatio: 1 }))).toEqual(["D"]);
  });

  it("reports true (unpenalised) risk-weighted costs for λ > 0", () => {
    // λ = 10: D 1000 × 3 = 3000, M 1400 × 1.5 = 2100, N 1800 × (1 + 10 × 0.05/1.8) = 2300, O 2200.
    // Round 1 M 2100; M → 4200: O 2200; O → 4400: N 2300; keep M, O, N.
    const routes = alternativeRoutes(graph, index, A, B, { lambda: 10, ratePerKmYear: LADDER_RATES, count: 3 });
    expect(names(routes)).toEqual(["M", "O", "N"]);
    expect(routes[0].path.cost).toBeCloseTo(2100, 9);
    expect(routes[1].path.cost).toBeCloseTo(2200, 9);
    expect(routes[2].path.cost).toBeCloseTo(2300, 9);
  });

  it("applies the hard constraints to every alternative", () => {
    const routes = alternativeRoutes(graph, index, A, B, { count: 4, maxCostRatio: 10, avoidLixels: Uint8Array.from([0, 1, 0, 0]) });
    expect(names(routes)).toEqual(["D", "N", "O"]);
  });

  it("multiplies by exactly (1 + penalty) per use and stops after 4 × count rounds", () => {
    // count 2 → at most 8 rounds. D costs 1000 × (1 + p)^k after k uses; M (1400) wins once that
    // exceeds 1400: p = 0.05 needs k = 7 (1.407), so M is found in round 8; p = 0.04 needs k = 9 (1.423): not in time.
    expect(names(alternativeRoutes(graph, index, A, B, { count: 2, penalty: 0.05 }))).toEqual(["D", "M"]);
    expect(names(alternativeRoutes(graph, index, A, B, { count: 2, penalty: 0.04 }))).toEqual(["D"]);
  });

  it("checks its options", () => {
    expect(() => alternativeRoutes(graph, index, A, B, { count: 0 })).toThrow(OptionError);
    expect(() => alternativeRoutes(graph, index, A, B, { penalty: 0 })).toThrow(OptionError);
    expect(() => alternativeRoutes(graph, index, A, B, { maxCostRatio: 0.5 })).toThrow(OptionError);
  });
});
