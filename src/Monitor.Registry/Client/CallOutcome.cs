namespace Monitor.Registry.Client;

/// <summary>The result of one registry request: a value, a 404, or a failure.</summary>
internal readonly record struct CallOutcome<T>(T? Value, bool IsNotFound, RegistryFailure? Failure)
{
    public static CallOutcome<T> Found(T value) => new(value, false, null);

    public static CallOutcome<T> NotFound() => new(default, true, null);

    public static CallOutcome<T> Fail(RegistryFailure failure) => new(default, false, failure);
}
