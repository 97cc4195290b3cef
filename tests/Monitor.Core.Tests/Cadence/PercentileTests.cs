using Monitor.Core.Cadence;

namespace Monitor.Core.Tests.Cadence;

/// <summary>Expectations are what PostgreSQL's percentile_cont returns for the same values.</summary>
public sealed class PercentileTests
{
    [Theory]
    [InlineData(new long[] { 10 }, 0.5, 10)]
    [InlineData(new long[] { 10 }, 0.9, 10)]
    [InlineData(new long[] { 1, 2 }, 0.5, 1.5)]
    [InlineData(new long[] { 1, 2, 3 }, 0.5, 2)]
    [InlineData(new long[] { 1, 2, 3, 4, 10 }, 0.9, 7.6)]
    [InlineData(new long[] { 1, 2, 3, 4, 10 }, 0.25, 2)]
    [InlineData(new long[] { 0, 100 }, 0.9, 90)]
    [InlineData(new long[] { 5, 7, 9 }, 0, 5)]
    [InlineData(new long[] { 5, 7, 9 }, 1, 9)]
    public void Continuous_percentile_interpolates_between_neighbouring_ranks(long[] sorted, double fraction, double expected)
    {
        Assert.Equal(expected, Percentile.Continuous(sorted, fraction), precision: 9);
    }

    [Fact]
    public void Percentile_of_nothing_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Percentile.Continuous([], 0.5));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    public void Fraction_outside_zero_to_one_is_refused(double fraction)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentile.Continuous([1, 2], fraction));
    }
}
