using System.Text;

namespace Gateway.Core.Tests.Upstream;

/// <summary>An in-memory duplex stream: reads serve scripted bytes in chunks of a chosen size; writes are recorded.</summary>
internal sealed class ScriptedStream(string script, int chunk = int.MaxValue) : Stream
{
    private readonly byte[] _script = Encoding.UTF8.GetBytes(script);
    private int _position;

    public StringBuilder Written { get; } = new();

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = Math.Min(Math.Min(count, chunk), _script.Length - _position);
        Array.Copy(_script, _position, buffer, offset, n);
        _position += n;
        return n;
    }

    public override void Write(byte[] buffer, int offset, int count) => Written.Append(Encoding.UTF8.GetString(buffer, offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
