namespace EduCounty.Common.Tabular;

/// <summary>
/// Lets MiniExcel read a file on disk while <see cref="XlsxScanner"/> scans it on another thread, never ahead of it: a
/// byte of the file may be read only once the scanner has read it and scanned everything it inflated from it. The scanner
/// reads a part's compressed bytes in order and asks for more only when it has scanned all the output of the previous
/// ones, so each of its reads clears the one before; finishing a part clears the last. A refusal reaches MiniExcel at
/// its next read. MiniExcel's first pass over a sheet without &lt;dimension&gt; then costs the scan no wall-clock time
/// (the import has nothing else to do meanwhile), and MiniExcel never parses a byte the scan has not passed.
/// </summary>
internal sealed class XlsxScanGate(string file) : IDisposable
{
    private readonly object _lock = new();
    private readonly List<(long Start, long End)> _cleared = [];
    private (long Start, long End)? _pending;
    private bool _done;
    private Exception? _failure;
    private readonly CancellationTokenSource _stop = new();

    /// <summary>Set when the reader gave up (an error of its own, or the caller stopped reading): the scanner stops.</summary>
    public CancellationToken Stopped => _stop.Token;

    /// <summary>The scanner is about to read these bytes: the ones it read before are scanned.</summary>
    public void Reading(long position, int count)
    {
        lock (_lock)
        {
            ClearPending();
            _pending = (position, position + count);
            Monitor.PulseAll(_lock);
        }
    }

    /// <summary>The scanner finished a part: its last read is scanned too.</summary>
    public void PartDone()
    {
        lock (_lock)
        {
            ClearPending();
            Monitor.PulseAll(_lock);
        }
    }

    public void Complete(Exception? failure)
    {
        lock (_lock)
        {
            _done = true;
            _failure = failure;
            Monitor.PulseAll(_lock);
        }
    }

    /// <summary>Waits until MiniExcel may read these bytes; throws the scanner's refusal.</summary>
    public void WaitFor(long start, long end)
    {
        lock (_lock)
        {
            while (true)
            {
                ThrowIfFailed();
                if (_done || Covered(start, end))
                {
                    return;
                }
                Monitor.Wait(_lock);
            }
        }
    }

    /// <summary>Waits for the scanner to finish (it may still be on a part MiniExcel did not need); throws its refusal.</summary>
    public void WaitForCompletion()
    {
        lock (_lock)
        {
            while (!_done)
            {
                Monitor.Wait(_lock);
            }
            ThrowIfFailed();
        }
    }

    /// <summary>The scanner's refusal, if it has one by now.</summary>
    public void ThrowIfFailed()
    {
        Exception? failure;
        lock (_lock)
        {
            failure = _failure;
        }
        if (failure is null)
        {
            return;
        }
        throw failure is TabularRefusedException refused
            ? new TabularRefusedException(refused.Message, refused)
            : new TabularRefusedException($"文件 {file} 无法读取（{TabularText.Clip(failure.Message, 200)}），已拒收", failure);
    }

    public void Stop() => _stop.Cancel();

    public void Dispose() => _stop.Dispose();

    private void ClearPending()
    {
        if (_pending is not { } p)
        {
            return;
        }
        _pending = null;
        // A handful of intervals (the directory, then one per part the scanner has read): sort and merge.
        _cleared.Add(p);
        _cleared.Sort();
        var merged = 0;
        for (var k = 1; k < _cleared.Count; k++)
        {
            if (_cleared[k].Start <= _cleared[merged].End)
            {
                _cleared[merged] = (_cleared[merged].Start, Math.Max(_cleared[merged].End, _cleared[k].End));
            }
            else
            {
                _cleared[++merged] = _cleared[k];
            }
        }
        _cleared.RemoveRange(merged + 1, _cleared.Count - merged - 1);
    }

    private bool Covered(long start, long end)
    {
        foreach (var (s, e) in _cleared)
        {
            if (s <= start && end <= e)
            {
                return true;
            }
            if (s > start)
            {
                return false;
            }
        }
        return false;
    }

    /// <summary>The scanner's view of the file: each read is announced to the gate first.</summary>
    public sealed class ScannerStream(Stream inner, XlsxScanGate gate) : GateStream(inner)
    {
        protected override void Before(long position, int count)
        {
            gate.Stopped.ThrowIfCancellationRequested();
            gate.Reading(position, count);
        }
    }

    /// <summary>MiniExcel's view of the file: each read waits for the scanner.</summary>
    public sealed class ReaderStream(Stream inner, XlsxScanGate gate) : GateStream(inner)
    {
        protected override void Before(long position, int count) =>
            gate.WaitFor(position, Math.Min(position + count, Length));
    }

    public abstract class GateStream(Stream inner) : Stream
    {
        protected abstract void Before(long position, int count);

        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => inner.Length;

        public override long Position
        {
            get => inner.Position;
            set => inner.Position = value;
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Before(inner.Position, count);
            return inner.Read(buffer, offset, count);
        }

        public override int Read(Span<byte> buffer)
        {
            Before(inner.Position, buffer.Length);
            return inner.Read(buffer);
        }

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
