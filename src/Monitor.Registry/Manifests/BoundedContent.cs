using System.Buffers;

namespace Monitor.Registry.Manifests;

/// <summary>Reads a response body, refusing to hold more than a limit in memory.</summary>
internal static class BoundedContent
{
    public static async Task<byte[]> ReadAsync(HttpContent content, int maxBytes, string what, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > maxBytes)
        {
            throw TooLarge(what, maxBytes);
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    throw TooLarge(what, maxBytes);
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }

    private static InvalidRegistryResponseException TooLarge(string what, int maxBytes) =>
        new($"{what} is larger than {maxBytes} bytes");
}
