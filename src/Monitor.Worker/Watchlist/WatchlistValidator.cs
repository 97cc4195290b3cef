using System.Text.RegularExpressions;
using Monitor.Core.References;
using Quartz;

namespace Monitor.Worker.Watchlist;

/// <summary>Checks a watchlist and names every problem with its place: <c>entries[3] (python): …</c>.</summary>
public static class WatchlistValidator
{
    public static IReadOnlyList<string> Validate(WatchlistOptions watchlist)
    {
        ArgumentNullException.ThrowIfNull(watchlist);
        var errors = new List<string>();
        if (!CronExpression.TryParse(watchlist.DiscoverySchedule, out _))
        {
            errors.Add($"discoverySchedule: '{watchlist.DiscoverySchedule}' is not a valid Quartz cron expression");
        }

        var groupNames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < watchlist.Groups.Count; i++)
        {
            var group = watchlist.Groups[i];
            var where = $"groups[{i}] ({group.Name})";
            if (!Regex.IsMatch(group.Name, "^[a-z0-9][a-z0-9_.-]{0,99}$", RegexOptions.None, TimeSpan.FromSeconds(1)))
            {
                errors.Add($"{where}: name must be 1-100 lowercase letters, digits, '.', '_' or '-'");
            }
            else if (!groupNames.Add(group.Name))
            {
                errors.Add($"{where}: the group is defined twice");
            }

            if (!CronExpression.TryParse(group.Schedule, out _))
            {
                errors.Add($"{where}: schedule '{group.Schedule}' is not a valid Quartz cron expression (seconds first, e.g. '0 */15 * * * ?')");
            }

            if (group.Jitter < TimeSpan.Zero || group.Jitter > TimeSpan.FromHours(1))
            {
                errors.Add($"{where}: jitter must be between 0 and 1 hour");
            }
        }

        groupNames.Add(WatchlistOptions.DefaultGroup);
        for (var i = 0; i < watchlist.Entries.Count; i++)
        {
            errors.AddRange(ValidateEntry(watchlist.Entries[i], $"entries[{i}] ({watchlist.Entries[i].Repository})", groupNames));
        }

        return errors;
    }

    private static IEnumerable<string> ValidateEntry(WatchEntryOptions entry, string where, HashSet<string> groups)
    {
        if (!ImageReference.TryParse(entry.Repository, out var reference, out var error))
        {
            yield return $"{where}: repository: {error}";
        }
        else if (reference.Tag is not null || reference.Digest is not null)
        {
            yield return $"{where}: repository must not include a tag or digest; list tags under 'tags'";
        }

        if (entry.Tags.Count == 0 && entry.Include.Count == 0 && string.IsNullOrEmpty(entry.Regex))
        {
            yield return $"{where}: give at least one of 'tags', 'include' or 'regex'";
        }

        foreach (var tag in entry.Tags.Where(tag => !ImageReference.IsValidTag(tag)))
        {
            yield return $"{where}: tag '{tag}' is not a valid tag ([A-Za-z0-9_][A-Za-z0-9._-]{{0,127}})";
        }

        if (!string.IsNullOrEmpty(entry.Regex) && !IsValidRegex(entry.Regex))
        {
            yield return $"{where}: regex '{entry.Regex}' does not compile";
        }

        if (entry.Discover && entry.Include.Count == 0 && string.IsNullOrEmpty(entry.Regex))
        {
            yield return $"{where}: 'discover: true' needs 'include' or 'regex' to know which new tags to add";
        }

        if (!groups.Contains(entry.Group))
        {
            yield return $"{where}: group '{entry.Group}' is not defined under 'groups'";
        }

        if (entry.Staleness is { MaxAge: { } maxAge } && maxAge <= TimeSpan.Zero)
        {
            yield return $"{where}: staleness.maxAge must be positive";
        }

        if (entry.Staleness is { Factor: { } factor } && factor <= 1)
        {
            yield return $"{where}: staleness.factor must be greater than 1";
        }
    }

    private static bool IsValidRegex(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
