namespace Monitor.Core.Cadence;

/// <summary>How digest changes are turned into rebuild events.</summary>
public sealed record CadenceOptions
{
    public static CadenceOptions Default { get; } = new();

    /// <summary>
    /// Changes that land within this span after the first change of a burst form one rebuild event
    /// (multi-arch indexes are re-pushed as each architecture lands). Zero turns merging off.
    /// </summary>
    public TimeSpan SettleWindow
    {
        get;
        init => field = value >= TimeSpan.Zero
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "The settle window cannot be negative.");
    } = TimeSpan.FromHours(6);

    /// <summary>
    /// Null: a rebuild is any change of the tag's (index) digest. Set: only a change of this platform's child
    /// digest is a rebuild.
    /// </summary>
    public PlatformSelector? Platform { get; init; }

    /// <summary>
    /// Names the definitions a cadence was computed under (calculator version, settle window, platform): a stored
    /// cadence is reused only under the same fingerprint.
    /// </summary>
    public string Fingerprint =>
        $"v{CadenceCalculator.DefinitionVersion};settle={SettleWindow.Ticks};platform={Platform?.ToString().ToLowerInvariant() ?? "index"}";
}
