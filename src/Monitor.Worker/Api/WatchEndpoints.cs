using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Monitor.Core;
using Monitor.Core.History;
using Monitor.Core.References;
using Monitor.Data.Watches;
using Monitor.Worker.Watchlist;

namespace Monitor.Worker.Api;

internal static class WatchEndpoints
{
    /// <summary>The body of <c>POST /api/watches</c>; fields other than these are refused, so a misspelt one is not silently ignored.</summary>
    public sealed record AddWatchRequest(string? Reference, string? Group)
    {
        private static readonly string[] Fields = ["reference", "group"];

        /// <summary>An object with string (or null) fields <c>reference</c> and <c>group</c>, named in any case, each once.</summary>
        public static bool TryRead(JsonElement body, out AddWatchRequest? request, out string? error)
        {
            (request, error) = (null, null);
            if (body.ValueKind != JsonValueKind.Object)
            {
                error = $"The body must be a JSON object such as {{\"reference\": \"python:3.13-slim\"}}, not {JsonRequestBody.Describe(body.ValueKind)}.";
                return false;
            }

            var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in body.EnumerateObject())
            {
                var name = JsonRequestBody.Truncate(property.Name, 64);
                if (!Fields.Contains(property.Name, StringComparer.OrdinalIgnoreCase))
                {
                    error = $"Unknown field '{name}': a watch takes {string.Join(" and ", Fields.Select(f => $"'{f}'"))}.";
                    return false;
                }

                if (property.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                {
                    error = $"'{name}' must be a string, not {JsonRequestBody.Describe(property.Value.ValueKind)}.";
                    return false;
                }

                if (!values.TryAdd(property.Name, property.Value.GetString()))
                {
                    error = $"'{name}' is given more than once.";
                    return false;
                }
            }

            request = new AddWatchRequest(values.GetValueOrDefault("reference"), values.GetValueOrDefault("group"));
            return true;
        }
    }

    /// <param name="Group">The group the tag is polled in: the requested one when it was added, its own when it was already watched.</param>
    /// <param name="Added">False when the tag was already watched.</param>
    /// <param name="Source">Where the watch comes from: config (the watchlist file), discovered, api or cli.</param>
    public sealed record WatchResult(string Reference, string Group, bool Added, string Source);

    public static void MapWatchEndpoints(this IEndpointRouteBuilder app)
    {
        var watches = app.MapGroup("/api/watches").RequireMutationAccess().WithTags("watches")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        watches.MapPost("/", AddAsync).WithSummary("Watch a tag").AcceptsJsonBody<AddWatchRequest>();
        watches.MapDelete("/{**reference}", RemoveAsync).WithSummary("Stop watching a tag (history is kept); refused for a tag of the watchlist file")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Results<Created<WatchResult>, Ok<WatchResult>, ProblemHttpResult>> AddAsync(
        HttpRequest http, WatchStore store, IOptions<ApiOptions> api, IOptions<WatchlistOptions> watchlist, TimeProvider time, CancellationToken cancellationToken)
    {
        var (request, bodyProblem) = await JsonRequestBody.ReadAsync<AddWatchRequest>(http, AddWatchRequest.TryRead, cancellationToken);
        if (bodyProblem is not null)
        {
            return bodyProblem;
        }

        if (!TryResolve(request!.Reference, api.Value, out var tag, out var problem))
        {
            return problem;
        }

        var group = string.IsNullOrWhiteSpace(request.Group) ? WatchlistOptions.DefaultGroup : request.Group;
        if (watchlist.Value.EffectiveGroups().All(g => g.Name != group))
        {
            return TypedResults.Problem($"Unknown watch group '{JsonRequestBody.Truncate(group, 100)}'.", statusCode: StatusCodes.Status400BadRequest);
        }

        var added = await store.AddAsync([new WatchSpec(tag, group, WatchSource.Api)], time.GetUtcNow(), cancellationToken) > 0;

        // An already watched tag keeps its own group and source (the watchlist file's, say), which is what the answer reports.
        var row = await store.FindAsync(tag, cancellationToken);
        var body = new WatchResult(tag.Canonical, row?.WatchGroup ?? group, added, WireNames.WatchSources.Name(row?.Source ?? WatchSource.Api));
        return added ? TypedResults.Created($"/api/tags/{tag.Canonical}", body) : TypedResults.Ok(body);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(string reference, WatchRemoval removal, IOptions<ApiOptions> api, CancellationToken cancellationToken)
    {
        if (!TryResolve(reference, api.Value, out var tag, out var problem))
        {
            return problem;
        }

        return await removal.RemoveAsync(tag, cancellationToken) switch
        {
            WatchRemovalOutcome.Removed => TypedResults.NoContent(),
            WatchRemovalOutcome.InWatchlistFile => TypedResults.Problem(removal.RefusalMessage(tag), statusCode: StatusCodes.Status409Conflict, title: "Watched by the watchlist file"),
            _ => TypedResults.Problem($"{tag.Canonical} is not watched.", statusCode: StatusCodes.Status404NotFound),
        };
    }

    private static bool TryResolve(string? text, ApiOptions api, [NotNullWhen(true)] out TagReference? tag, [NotNullWhen(false)] out ProblemHttpResult? problem)
    {
        (tag, problem) = (null, null);
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = TypedResults.Problem("'reference' is required, e.g. python:3.13-slim.", statusCode: StatusCodes.Status400BadRequest, title: JsonRequestBody.InvalidBodyTitle);
            return false;
        }

        if (!WatchableReference.TryParse(text, out tag, out var error))
        {
            problem = TypedResults.Problem(error, statusCode: StatusCodes.Status400BadRequest, title: "Invalid image reference");
            return false;
        }

        if (!api.IsAllowed(tag.Registry))
        {
            problem = TypedResults.Problem($"Registry '{tag.Registry}' is not in Api:AllowedRegistries.", statusCode: StatusCodes.Status400BadRequest, title: "Registry not allowed");
            tag = null;
            return false;
        }

        return true;
    }
}
