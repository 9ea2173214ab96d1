/**
 * The assignment auction's bid, restated for the tests independently of the source
 * (core/assignment-auction.ts's `continueBid` from column 0): for row i of the n × n matrix `cost`,
 * the first column j₁ minimising cost[i·n + j] + prices[j], that minimum w₁ and the second smallest
 * value w₂ (w₂ = w₁ when the minimum is attained twice).
 */
export function wholeBid(cost: ArrayLike<number>, prices: ArrayLike<number>, i: number, n: number): [number, number, number] {
  let w1 = Infinity;
  let w2 = Infinity;
  let j1 = 0;
  for (let j = 0; j < n; j++) {
    const w = cost[i * n + j] + prices[j];
    if (w < w2) {
      if (w < w1) {
        w2 = w1;
        w1 = w;
        j1 = j;
      } else w2 = w;
    }
  }
  return [j1, w1, w2];
}
