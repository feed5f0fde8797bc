#!/usr/bin/python3
"""Reference shortest-path costs from networkx's Dijkstra, for test/analyses/routing/networkx-reference.test.ts.

Run with Debian's interpreter so the recorded version is the packaged one (python3-networkx):
    /usr/bin/python3 scripts/reference/networkx-dijkstra.py > test/fixtures/routing/networkx-dijkstra.json

Inputs: none (the graph is generated here from a fixed seed with Python's own `random.Random`, whose
Mersenne Twister sequence is stable across Python versions). Output (stdout, JSON):
  - `generator`: this script, the seed, the networkx and Python versions;
  - `roads`: polylines in metres (2 or 3 vertices: node, optional bend, node), each with `rate`
    (incidents per km per year) and `oneway` (0 both ways, 1 along the vertex order, -1 against it);
  - `queries`: for each λ and directedness, pairs of endpoints (a node's exact position, or a point at a
    fraction of an edge's length) and the least cost, or null when networkx finds no path.

Cost model (the one minerisk implements): an edge of polyline length L metres and rate ρ costs
L × (1 + λρ). A point at fraction f of edge (u, v) is a virtual node joined to u at cost f·w and to v at
(1 − f)·w (only in the directions the edge allows when one-way is honoured); two points on the same edge
are also joined directly at |f_s − f_t|·w. Edges that cross without sharing a node are not connected.
"""
import json
import math
import random
import sys

import networkx as nx

SEED = 20230919
N_NODES = 1500
SIDE_M = 30_000.0
K_NEAREST = 3
MIN_SEPARATION_M = 20.0
LAMBDAS = [0.0, 3.0, 40.0]


def main():
    rnd = random.Random(SEED)
    nodes = []
    while len(nodes) < N_NODES:
        p = (round(rnd.uniform(0, SIDE_M), 3), round(rnd.uniform(0, SIDE_M), 3))  # millimetres keep the fixture small
        if all(math.hypot(p[0] - q[0], p[1] - q[1]) >= MIN_SEPARATION_M for q in nodes):
            nodes.append(p)

    # Each node joined to its K nearest neighbours: a geometric graph whose edges often cross without a
    # shared node (those crossings must stay unconnected), with a few small components.
    pairs = set()
    for i, p in enumerate(nodes):
        order = sorted(range(N_NODES), key=lambda j: (p[0] - nodes[j][0]) ** 2 + (p[1] - nodes[j][1]) ** 2)
        for j in order[1 : K_NEAREST + 1]:
            pairs.add((min(i, j), max(i, j)))
    roads = []
    for u, v in sorted(pairs):
        a, b = nodes[u], nodes[v]
        line = [a, b]
        if rnd.random() < 0.25:  # a bend: midpoint pushed sideways by up to 20 % of the chord
            dx, dy = b[0] - a[0], b[1] - a[1]
            s = rnd.uniform(-0.2, 0.2)
            line = [a, (round((a[0] + b[0]) / 2 - s * dy, 3), round((a[1] + b[1]) / 2 + s * dx, 3)), b]
        rate = 0.0 if rnd.random() < 0.5 else rnd.uniform(0.0, 0.3)
        r = rnd.random()
        oneway = 1 if r < 0.1 else (-1 if r < 0.2 else 0)
        roads.append({"u": u, "v": v, "line": [list(q) for q in line], "rate": rate, "oneway": oneway})
    for road in roads:
        road["lengthM"] = sum(math.hypot(q[0] - p[0], q[1] - p[1]) for p, q in zip(road["line"], road["line"][1:]))

    # Endpoints must snap unambiguously: a node or an on-edge point farther than 1 m from every other edge.
    def clear_of_other_edges(pt, allowed):
        return all(k in allowed or polyline_distance(r["line"], pt) > 1.0 for k, r in enumerate(roads))

    incident = {}
    for k, r in enumerate(roads):
        incident.setdefault(r["u"], set()).add(k)
        incident.setdefault(r["v"], set()).add(k)
    node_ids = [n for n in range(N_NODES) if n in incident and clear_of_other_edges(nodes[n], incident[n])]

    def random_edge_point():
        while True:
            k = rnd.randrange(len(roads))
            f = rnd.uniform(0.05, 0.95)
            pt = point_along(roads[k]["line"], f * roads[k]["lengthM"])
            if clear_of_other_edges(pt, {k}):
                return {"edge": k, "frac": f, "xy": list(pt)}

    node_pairs = [(rnd.choice(node_ids), rnd.choice(node_ids)) for _ in range(40)]
    point_pairs = [(random_edge_point(), random_edge_point()) for _ in range(25)]
    # two pairs on one edge, so the direct partial path is exercised
    for _ in range(2):
        s = random_edge_point()
        f = rnd.uniform(0.05, 0.95)
        line = roads[s["edge"]]["line"]
        point_pairs.append((s, {"edge": s["edge"], "frac": f, "xy": list(point_along(line, f * roads[s["edge"]]["lengthM"]))}))

    queries = []
    for directed in (False, True):
        for lam in LAMBDAS:
            g = build_graph(roads, lam, directed)
            for s, t in node_pairs:
                queries.append({"lambda": lam, "oneway": directed, "from": list(nodes[s]), "to": list(nodes[t]), "cost": cost_or_none(g, s, t)})
            for s, t in point_pairs:
                gp = g.copy()
                attach(gp, roads, lam, directed, s, "S", source=True)
                attach(gp, roads, lam, directed, t, "T", source=False)
                if s["edge"] == t["edge"]:
                    w = weight(roads[s["edge"]], lam)
                    forward = t["frac"] >= s["frac"]
                    if allowed(roads[s["edge"]]["oneway"], forward, directed):
                        gp.add_edge("S", "T", weight=abs(t["frac"] - s["frac"]) * w)
                queries.append({"lambda": lam, "oneway": directed, "from": s["xy"], "to": t["xy"], "cost": cost_or_none(gp, "S", "T")})

    json.dump(
        {
            "generator": {
                "script": "scripts/reference/networkx-dijkstra.py",
                "seed": SEED,
                "networkx": nx.__version__,
                "python": sys.version.split()[0],
                "function": "networkx.dijkstra_path_length",
            },
            "nodeCount": N_NODES,
            "roads": [{"line": r["line"], "rate": r["rate"], "oneway": r["oneway"]} for r in roads],
            "queries": queries,
        },
        sys.stdout,
    )
    sys.stdout.write("\n")


def weight(road, lam):
    return road["lengthM"] * (1 + lam * road["rate"])


def allowed(oneway, forward, directed):
    return not directed or oneway == 0 or (oneway == 1) == forward


def build_graph(roads, lam, directed):
    g = nx.DiGraph() if directed else nx.Graph()
    for r in roads:
        w = weight(r, lam)
        if allowed(r["oneway"], True, directed):
            g.add_edge(r["u"], r["v"], weight=w)
        if directed and allowed(r["oneway"], False, directed):
            g.add_edge(r["v"], r["u"], weight=w)
    return g


def attach(g, roads, lam, directed, pt, name, source):
    """Join a point at fraction f of edge (u, v): u at f·w, v at (1 − f)·w, in the allowed directions."""
    r = roads[pt["edge"]]
    w = weight(r, lam)
    f = pt["frac"]
    g.add_node(name)
    # leaving the point towards v (or arriving at it from u) is travel along the vertex order
    legs = [(r["u"], f * w, False), (r["v"], (1 - f) * w, True)]
    for node, cost, towards_v in legs:
        forward = towards_v if source else not towards_v
        if allowed(r["oneway"], forward, directed):
            if source:
                g.add_edge(name, node, weight=cost)
            else:
                g.add_edge(node, name, weight=cost)


def cost_or_none(g, s, t):
    try:
        return nx.dijkstra_path_length(g, s, t, weight="weight")
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        return None


def point_along(line, along):
    for p, q in zip(line, line[1:]):
        seg = math.hypot(q[0] - p[0], q[1] - p[1])
        if along <= seg:
            t = along / seg
            return (p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]))
        along -= seg
    return tuple(line[-1])


def polyline_distance(line, pt):
    best = math.inf
    for p, q in zip(line, line[1:]):
        dx, dy = q[0] - p[0], q[1] - p[1]
        t = max(0.0, min(1.0, ((pt[0] - p[0]) * dx + (pt[1] - p[1]) * dy) / (dx * dx + dy * dy)))
        best = min(best, math.hypot(pt[0] - p[0] - t * dx, pt[1] - p[1] - t * dy))
    return best


if __name__ == "__main__":
    main()
