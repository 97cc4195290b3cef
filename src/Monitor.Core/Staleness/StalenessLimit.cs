namespace Monitor.Core.Staleness;

/// <summary>An age limit of the staleness rules: the max age, or a factor times the median interval.</summary>
/// <param name="Kind">Which rule the limit comes from.</param>
/// <param name="Value">The limit itself.</param>
/// <param name="Factor">k or the due factor; null for the max age.</param>
/// <param name="Median">The median interval the factor multiplies; null for the max age.</param>
public readonly record struct StalenessLimit(StalenessLimitKind Kind, TimeSpan Value, double? Factor, TimeSpan? Median);

/// <summary>Which rule an age limit comes from.</summary>
public enum StalenessLimitKind
{
    /// <summary>The policy's max age.</summary>
    MaxAge,

    /// <summary>k × the median interval.</summary>
    StaleFactor,

    /// <summary>The due factor × the median interval.</summary>
    DueFactor,
}
