namespace EduCounty.Imports;

/// <summary>
/// The import's helpers around the file (reading it is <see cref="Common.Tabular.TabularFile"/>'s): reading ahead on a
/// thread of its own, and the file's SHA-256 recorded on the batch.
/// </summary>
public static class ImportFile
{
    /// <summary>
    /// Reads ahead on a dedicated thread into a bounded queue so that parsing the XML/CSV overlaps with
    /// validating and writing (the reader never holds more than <paramref name="capacity"/> rows). Errors of the
    /// reader surface in the consumer; stopping the consumer stops the reader and closes the file.
    /// </summary>
    public static IEnumerable<T> Prefetch<T>(IEnumerable<T> source, int capacity = 4096)
    {
        // Items travel in chunks of 64: one hand-over per item costs a semaphore round trip (and spinning that competes
        // for the CPU with the consumer on a small machine), while what waits in the queue survives every gen-0
        // collection (chunks of 256 doubled the 1 M-row 学籍 import's GC pauses, issue 20 §6).
        const int chunk = 64;
        using var queue = new System.Collections.Concurrent.BlockingCollection<T[]>(Math.Max(2, capacity / chunk));
        using var stop = new CancellationTokenSource();
        Exception? failure = null;
        var reader = new Thread(() =>
        {
            try
            {
                var buffer = new List<T>(chunk);
                foreach (var item in source)
                {
                    buffer.Add(item);
                    if (buffer.Count == chunk)
                    {
                        queue.Add([.. buffer], stop.Token);
                        buffer.Clear();
                    }
                }
                if (buffer.Count > 0)
                {
                    queue.Add([.. buffer], stop.Token);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                failure = ex;
            }
            finally
            {
                queue.CompleteAdding();
            }
        })
        { IsBackground = true, Name = "import-reader" };
        reader.Start();
        try
        {
            foreach (var items in queue.GetConsumingEnumerable())
            {
                foreach (var item in items)
                {
                    yield return item;
                }
            }
            if (failure is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            }
        }
        finally
        {
            stop.Cancel();
            reader.Join();
        }
    }

    public static string Sha256(string path)
    {
        using var s = File.OpenRead(path);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(s));
    }
}
