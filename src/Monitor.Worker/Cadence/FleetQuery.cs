using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Monitor.Core;
using Monitor.Core.Reading;
using Monitor.Core.Staleness;
using Monitor.Data.Watches;

namespace Monitor.Worker.Cadence;

/// <summary>
/// One page of the fleet in the snapshot, filtered, searched and sorted: what <c>GET /api/tags</c> and the fleet web page
/// both run, with the same parameters (<c>registry</c>, <c>repository</c>, <c>group</c>, <c>status</c>, <c>search</c>,
/// <c>sort</c>, <c>order</c>, <c>page</c>, <c>pageSize</c>).
/// </summary>
public sealed record FleetQuery
{
    public const int MaxPageSize = 1000;

    /// <summary>The sort keys, in the order the API documents them.</summary>
    public static IReadOnlyList<string> Sorts { get; } = ["age", "median", "rebuilds30d", "reference"];

    public string? Registry { get; init; }

    public string? Repository { get; init; }

    public string? Group { get; init; }

    public StalenessStatus? Status { get; init; }

    /// <summary>Part of the canonical reference, any case.</summary>
    public string? Search { get; init; }

    public string Sort { get; init; } = "age";

    public bool Descending { get; init; } = true;

    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = 100;

    /// <summary>The query from its parameters as the query string spells them; <paramref name="error"/> names what is wrong.</summary>
    public static bool TryParse(
        string? registry, string? repository, string? group, string? status, string? search, string? sort, string? order, int page, int pageSize,
        [NotNullWhen(true)] out FleetQuery? query, [NotNullWhen(false)] out string? error)
    {
        (query, error) = (null, null);
        StalenessStatus? only = null;
        if (status is not null)
        {
            if (!WireNames.StalenessStatuses.TryParse(status, out var parsed))
            {
                error = $"status must be one of {string.Join(", ", WireNames.StalenessStatuses.Names)}";
                return false;
            }

            only = parsed;
        }

        sort ??= "age";
        order ??= "desc";
        if (!Sorts.Contains(sort) || order is not ("asc" or "desc"))
        {
            error = $"sort must be one of {string.Join(", ", Sorts)} and order asc or desc";
            return false;
        }

        if (page < 1 || pageSize is < 1 or > MaxPageSize)
        {
            error = $"page must be ≥ 1 and pageSize between 1 and {MaxPageSize}";
            return false;
        }

        query = new FleetQuery
        {
            Registry = registry,
            Repository = repository,
            Group = group,
            Status = only,
            Search = string.IsNullOrWhiteSpace(search) ? null : search.Trim(),
            Sort = sort,
            Descending = order == "desc",
            Page = page,
            PageSize = pageSize,
        };
        return true;
    }

    /// <summary>
    /// The page at <paramref name="now"/>. Only the tags on the page leave as results; the counts by status are over every
    /// tag that passes the other filters (so they say how many a status filter would find).
    /// </summary>
    public FleetQueryResult Run(IReadOnlyList<TagCadence> tags, DateTimeOffset now, StalenessPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(tags);

        // Filter and sort light rows (the reading and the sort key) in a pooled array; only the requested page is returned.
        // Projecting and sorting all 10,000 views per request made it the service's main allocation.
        var rows = ArrayPool<Row>.Shared.Rent(Math.Max(1, tags.Count));
        var counts = new int[WireNames.StalenessStatuses.Names.Count];
        try
        {
            var count = 0;
            foreach (var cadence in tags)
            {
                var tag = cadence.Tag;
                if ((Registry is not null && tag.Reference.Registry != Registry) || (Repository is not null && tag.Reference.Repository != Repository) ||
                    (Group is not null && tag.WatchGroup != Group) || (Search is not null && !tag.Reference.Canonical.Contains(Search, StringComparison.OrdinalIgnoreCase)))
                {
                    continue;
                }

                var reading = cadence.ReadAt(now, policy);
                counts[(int)reading.Status]++;
                if (Status is null || reading.Status == Status)
                {
                    rows[count++] = new Row(tag, reading, SortKey(reading), tag.Reference.Canonical);
                }
            }

            var matching = rows.AsSpan(0, count);
            var (byReference, descending) = (Sort == "reference", Descending);
            matching.Sort((a, b) => Compare(a, b, byReference, descending));
            var start = (int)Math.Min(count, (Page - 1L) * PageSize);
            var items = new List<(WatchedTagRow, TagCadenceReading)>(Math.Min(PageSize, count - start));
            foreach (var row in matching.Slice(start, Math.Min(PageSize, count - start)))
            {
                items.Add((row.Tag, row.Reading));
            }

            return new FleetQueryResult(count, start, items, counts);
        }
        finally
        {
            ArrayPool<Row>.Shared.Return(rows, clearArray: true);
        }
    }

    private readonly record struct Row(WatchedTagRow Tag, TagCadenceReading Reading, double Key, string Reference);

    /// <summary>The view's value for the sort (<see cref="TagCadenceView.AgeSeconds"/>, …); NaN when unknown.</summary>
    private double SortKey(TagCadenceReading reading) => Sort switch
    {
        "median" => reading.Intervals?.Median.TotalSeconds ?? double.NaN,
        "rebuilds30d" => reading.Recent.Last30Days,
        "age" => reading.Age?.TotalSeconds ?? double.NaN,
        _ => 0,
    };

    /// <summary>By reference alone; else by key, unknown (NaN) last either way, ties by reference ascending.</summary>
    private static int Compare(Row a, Row b, bool byReference, bool descending)
    {
        if (byReference)
        {
            var reference = string.CompareOrdinal(a.Reference, b.Reference);
            return descending ? -reference : reference;
        }

        var (aUnknown, bUnknown) = (double.IsNaN(a.Key), double.IsNaN(b.Key));
        if (aUnknown != bUnknown)
        {
            return aUnknown ? 1 : -1;
        }

        var byKey = aUnknown ? 0 : a.Key.CompareTo(b.Key);
        return byKey != 0 ? (descending ? -byKey : byKey) : string.CompareOrdinal(a.Reference, b.Reference);
    }
}

/// <summary>One page of a <see cref="FleetQuery"/>.</summary>
/// <param name="Total">Tags matching every filter (all pages).</param>
/// <param name="Start">How many of them come before the page.</param>
/// <param name="Items">The page's tags with their readings, in the query's order.</param>
/// <param name="CountsByStatus">By <see cref="StalenessStatus"/>: tags matching every filter but the status.</param>
public sealed record FleetQueryResult(int Total, int Start, IReadOnlyList<(WatchedTagRow Tag, TagCadenceReading Reading)> Items, IReadOnlyList<int> CountsByStatus)
{
    /// <summary>Tags matching every filter but the status: the sum of <see cref="CountsByStatus"/>.</summary>
    public int Counted => CountsByStatus.Sum();

    /// <summary>Tags with this status among those matching every filter but the status.</summary>
    public int Count(StalenessStatus status) => CountsByStatus[(int)status];
}
