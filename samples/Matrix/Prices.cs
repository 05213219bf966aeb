using SharedTyped;

namespace Matrix;

/// <summary>The matrix both processes share: 1000 rows of (price, size, notional).</summary>
[SharedArray<double>(Name = "sharedtyped-sample-prices", Shape = [1000, 3])]
public partial class Prices;
