using Microsoft.Extensions.Options;
using Monitor.Core.History;
using Monitor.Data.Watches;
using Monitor.Worker.Watchlist;

namespace Monitor.Worker.Api;

internal static class WatchEndpoints
{
    public sealed record AddWatchRequest(string? Reference, string? Group);

    public static void MapWatchEndpoints(this IEndpointRouteBuilder app)
    {
        var watches = app.MapGroup("/api/watches").AddEndpointFilter<ApiKeyFilter>().WithTags("watches");
        watches.MapPost("/", AddAsync).WithSummary("Watch a tag");
        watches.MapDelete("/{**reference}", RemoveAsync).WithSummary("Stop watching a tag (history is kept)");
    }

    private static async Task<IResult> AddAsync(
        AddWatchRequest request, WatchStore store, IOptions<ApiOptions> api, IOptions<WatchlistOptions> watchlist, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!TryResolve(request.Reference, api.Value, out var image, out var problem))
        {
            return problem!;
        }

        var group = string.IsNullOrWhiteSpace(request.Group) ? WatchlistOptions.DefaultGroup : request.Group;
        if (watchlist.Value.EffectiveGroups().All(g => g.Name != group))
        {
            return Results.Problem($"Unknown watch group '{group}'.", statusCode: StatusCodes.Status400BadRequest);
        }

        var spec = new WatchSpec(image!.Registry, image.Repository, image.Tag!, group, WatchSource.Api);
        var added = await store.AddAsync([spec], time.GetUtcNow(), cancellationToken);
        var body = new { reference = spec.Canonical, group, added = added > 0 };
        return added > 0 ? Results.Created($"/api/tags/{spec.Canonical}", body) : Results.Ok(body);
    }

    private static async Task<IResult> RemoveAsync(string reference, WatchStore store, IOptions<ApiOptions> api, CancellationToken cancellationToken)
    {
        if (!TryResolve(reference, api.Value, out var image, out var problem))
        {
            return problem!;
        }

        return await store.DisableAsync(image!.Registry, image.Repository, image.Tag!, cancellationToken)
            ? Results.NoContent()
            : Results.Problem($"{image.Canonical} is not watched.", statusCode: StatusCodes.Status404NotFound);
    }

    private static bool TryResolve(string? text, ApiOptions api, out Core.References.ImageReference? image, out IResult? problem)
    {
        (image, problem) = (null, null);
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = Results.Problem("'reference' is required, e.g. python:3.13-slim.", statusCode: StatusCodes.Status400BadRequest);
            return false;
        }

        if (!WatchableReference.TryParse(text, out image, out var error))
        {
            problem = Results.Problem(error, statusCode: StatusCodes.Status400BadRequest, title: "Invalid image reference");
            return false;
        }

        if (!api.IsAllowed(image!.Registry))
        {
            problem = Results.Problem($"Registry '{image.Registry}' is not in Api:AllowedRegistries.", statusCode: StatusCodes.Status400BadRequest, title: "Registry not allowed");
            image = null;
            return false;
        }

        return true;
    }
}
