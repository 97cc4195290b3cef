using System.Diagnostics.CodeAnalysis;
using Monitor.Core.References;

namespace Monitor.Worker.Watchlist;

/// <summary>What the CLI and the API accept as a tag to watch or look up.</summary>
public static class WatchableReference
{
    /// <summary>A watchable tag (no digest; no tag means <c>latest</c>, as Docker does), or the reason it is not.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out TagReference? tag, [NotNullWhen(false)] out string? error)
    {
        tag = null;
        if (!ImageReference.TryParse(text, out var parsed, out error))
        {
            return false;
        }

        tag = parsed.ToTagReference();
        error = tag is null ? $"'{text}' pins a digest; watch a tag instead" : null;
        return tag is not null;
    }
}
