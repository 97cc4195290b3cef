using Microsoft.Extensions.Options;

namespace Monitor.Worker.Watchlist;

internal sealed class WatchlistOptionsValidation(IConfiguration configuration) : IValidateOptions<WatchlistOptions>
{
    public ValidateOptionsResult Validate(string? name, WatchlistOptions options)
    {
        var errors = WatchlistValidator.Validate(options);
        var file = WatchlistFile.Resolve(configuration);
        return errors.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(errors.Select(error => $"{file}: {error}"));
    }
}
