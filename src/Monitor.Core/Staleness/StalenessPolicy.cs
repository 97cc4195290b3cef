namespace Monitor.Core.Staleness;

/// <summary>When a tag counts as due or stale. Defaults are global; per-watch overrides merge over them.</summary>
public sealed record StalenessPolicy
{
    public static StalenessPolicy Default { get; } = new();

    /// <summary>Stale when older than this, whatever the cadence.</summary>
    public TimeSpan MaxAge
    {
        get;
        init => field = value > TimeSpan.Zero
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "The max age must be positive.");
    } = TimeSpan.FromDays(30);

    /// <summary>k: stale when older than this many median intervals.</summary>
    public double StaleFactor { get; init => field = Positive(value); } = 3;

    /// <summary>Due when older than this many median intervals.</summary>
    public double DueFactor { get; init => field = Positive(value); } = 1.5;

    /// <summary>This policy with every non-null override applied.</summary>
    public StalenessPolicy WithOverrides(StalenessPolicyOverrides? overrides) =>
        overrides is null
            ? this
            : this with
            {
                MaxAge = overrides.MaxAge ?? MaxAge,
                StaleFactor = overrides.StaleFactor ?? StaleFactor,
                DueFactor = overrides.DueFactor ?? DueFactor,
            };

    private static double Positive(double value) =>
        double.IsFinite(value) && value > 0
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "A staleness factor must be a positive number.");
}
