using Monitor.Worker.Cadence;

namespace Monitor.Worker.Web;

/// <summary>
/// The fleet page's query string as it came (empty values as absent, as a GET form sends them), turned into the
/// API's <see cref="FleetQuery"/>, and the links that change one part of it.
/// </summary>
public sealed record FleetFilter(
    string? Registry, string? Repository, string? Group, string? Status, string? Search, string? Sort, string? Order, string? Page, string? PageSize)
{
    public const int DefaultPageSize = 100;

    public static IReadOnlyList<int> PageSizes { get; } = [25, 100, 500];

    public FleetFilter Normalised() => new(Clean(Registry), Clean(Repository), Clean(Group), Clean(Status), Clean(Search), Clean(Sort), Clean(Order), Clean(Page), Clean(PageSize));

    public bool TryCreateQuery(out FleetQuery? query, out string? error)
    {
        (query, error) = (null, null);
        if (!TryNumber(Page, 1, out var page) || !TryNumber(PageSize, DefaultPageSize, out var pageSize))
        {
            error = "page and pageSize must be whole numbers";
            return false;
        }

        return FleetQuery.TryParse(Registry, Repository, Group, Status, Search, Sort, Order, page, pageSize, out query, out error);
    }

    /// <summary>This filter's address with the given page (the sort, filters and page size kept).</summary>
    public string WithPage(int page) => (this with { Page = page == 1 ? null : page.ToString(System.Globalization.CultureInfo.InvariantCulture) }).Url;

    /// <summary>Sorted by <paramref name="sort"/>: the other order when it already is, else its natural order, from the first page.</summary>
    public string SortedBy(string sort, bool currentlyDescending, bool isCurrent) =>
        (this with { Sort = sort, Order = isCurrent ? (currentlyDescending ? "asc" : "desc") : (sort == "reference" ? "asc" : "desc"), Page = null }).Url;

    /// <summary>Only this status (null: any), from the first page.</summary>
    public string WithStatus(string? status) => (this with { Status = status, Page = null }).Url;

    public string Url => Links.Fleet(
        ("search", Search), ("registry", Registry), ("repository", Repository), ("group", Group), ("status", Status),
        ("sort", Sort), ("order", Order), ("page", Page), ("pageSize", PageSize));

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static bool TryNumber(string? text, int absent, out int value)
    {
        value = absent;
        return text is null || int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value);
    }
}
