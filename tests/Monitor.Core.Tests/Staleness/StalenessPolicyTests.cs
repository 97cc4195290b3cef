using Monitor.Core.Staleness;

namespace Monitor.Core.Tests.Staleness;

public sealed class StalenessPolicyTests
{
    [Fact]
    public void Defaults_are_thirty_days_three_medians_and_one_and_a_half_medians()
    {
        Assert.Equal(TimeSpan.FromDays(30), StalenessPolicy.Default.MaxAge);
        Assert.Equal(3, StalenessPolicy.Default.StaleFactor);
        Assert.Equal(1.5, StalenessPolicy.Default.DueFactor);
    }

    [Fact]
    public void No_overrides_keep_the_defaults()
    {
        Assert.Equal(StalenessPolicy.Default, StalenessPolicy.Default.WithOverrides(null));
        Assert.Equal(StalenessPolicy.Default, StalenessPolicy.Default.WithOverrides(new StalenessPolicyOverrides()));
    }

    [Fact]
    public void Overrides_merge_over_a_custom_global_policy()
    {
        var global = new StalenessPolicy { MaxAge = TimeSpan.FromDays(14), StaleFactor = 4, DueFactor = 2 };

        var merged = global.WithOverrides(new StalenessPolicyOverrides(StaleFactor: 2.5));

        Assert.Equal(new StalenessPolicy { MaxAge = TimeSpan.FromDays(14), StaleFactor = 2.5, DueFactor = 2 }, merged);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Non_positive_max_age_is_rejected(int days)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new StalenessPolicy { MaxAge = TimeSpan.FromDays(days) });
        Assert.Throws<ArgumentOutOfRangeException>(
            () => StalenessPolicy.Default.WithOverrides(new StalenessPolicyOverrides(MaxAge: TimeSpan.FromDays(days))));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Non_positive_or_non_finite_factors_are_rejected(double factor)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new StalenessPolicy { StaleFactor = factor });
        Assert.Throws<ArgumentOutOfRangeException>(() => new StalenessPolicy { DueFactor = factor });
    }
}
