namespace Monitor.Core.Cadence;

/// <summary>
/// Continuous percentile with linear interpolation between the two nearest ranks: the method of PostgreSQL's
/// <c>percentile_cont</c>, so statistics computed in SQL and here agree.
/// </summary>
internal static class Percentile
{
    /// <param name="sortedValues">Ascending, at least one value.</param>
    /// <param name="fraction">0 (minimum) to 1 (maximum); 0.5 is the median.</param>
    public static double Continuous(ReadOnlySpan<long> sortedValues, double fraction)
    {
        if (sortedValues.IsEmpty)
        {
            throw new ArgumentException("A percentile needs at least one value.", nameof(sortedValues));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(fraction, 0d);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fraction, 1d);

        var position = fraction * (sortedValues.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sortedValues.Length - 1);
        return sortedValues[lower] + ((position - lower) * (sortedValues[upper] - sortedValues[lower]));
    }
}
