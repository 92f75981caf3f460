using System.Numerics;
using System.Runtime.InteropServices;

namespace Pipewise.Forecasting.Model;

/// <summary>Shape of the network.</summary>
public sealed record BiLstmShape(int InputSize, int HiddenSize, int Layers, int HeadHidden, int Steps)
{
    public int LayerInput(int layer) => layer == 0 ? InputSize : 2 * HiddenSize;
}

/// <summary>
/// A stacked bidirectional LSTM with two dense layers on top, in plain managed code. Parameters live in one flat
/// array (so that Adam and the gradient check see one vector). Weights use the ONNX layout and gate order
/// (i, o, f, c): per layer and direction W [4H, I], R [4H, H], bias [4H]. The heads read the final state of the
/// forward direction (after the last step) and of the backward direction (after the first step) of the top layer:
/// a = relu(W1·[h→; h←] + b1), out = W2·a + b2 with out = (p50 − centre, softplus⁻¹(p90 − p50), failure logit).
/// </summary>
public sealed class BiLstmNetwork
{
    private readonly int[] wOffset;
    private readonly int[] rOffset;
    private readonly int[] bOffset;

    public BiLstmNetwork(BiLstmShape shape, float[]? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(shape);
        Shape = shape;
        var h = shape.HiddenSize;
        wOffset = new int[shape.Layers * 2];
        rOffset = new int[shape.Layers * 2];
        bOffset = new int[shape.Layers * 2];
        var offset = 0;
        for (var l = 0; l < shape.Layers; l++)
        {
            for (var d = 0; d < 2; d++)
            {
                wOffset[(l * 2) + d] = offset;
                offset += 4 * h * shape.LayerInput(l);
                rOffset[(l * 2) + d] = offset;
                offset += 4 * h * h;
                bOffset[(l * 2) + d] = offset;
                offset += 4 * h;
            }
        }

        W1Offset = offset;
        offset += shape.HeadHidden * 2 * h;
        B1Offset = offset;
        offset += shape.HeadHidden;
        W2Offset = offset;
        offset += 3 * shape.HeadHidden;
        B2Offset = offset;
        offset += 3;
        ParameterCount = offset;
        if (parameters is not null && parameters.Length != offset)
        {
            throw new ArgumentException($"The network needs {offset} parameters; {parameters.Length} were given.", nameof(parameters));
        }

        Parameters = parameters ?? new float[offset];
    }

    public BiLstmShape Shape { get; }

    public float[] Parameters { get; }

    public int ParameterCount { get; }

    internal int W1Offset { get; }

    internal int B1Offset { get; }

    internal int W2Offset { get; }

    internal int B2Offset { get; }

    public ReadOnlySpan<float> W(int layer, int direction) => Parameters.AsSpan(wOffset[(layer * 2) + direction], 4 * Shape.HiddenSize * Shape.LayerInput(layer));

    public ReadOnlySpan<float> R(int layer, int direction) => Parameters.AsSpan(rOffset[(layer * 2) + direction], 4 * Shape.HiddenSize * Shape.HiddenSize);

    public ReadOnlySpan<float> Bias(int layer, int direction) => Parameters.AsSpan(bOffset[(layer * 2) + direction], 4 * Shape.HiddenSize);

    /// <summary>Initialises the parameters (uniform ±1/√H, forget-gate bias 1) from a seeded source.</summary>
    public void Initialize(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var h = Shape.HiddenSize;
        var scale = 1.0 / Math.Sqrt(h);
        for (var i = 0; i < W1Offset; i++)
        {
            Parameters[i] = (float)(((random.NextDouble() * 2) - 1) * scale);
        }

        for (var k = 0; k < bOffset.Length; k++)
        {
            var b = Parameters.AsSpan(bOffset[k], 4 * h);
            b.Clear();
            b.Slice(2 * h, h).Fill(1f);
        }

        var s1 = Math.Sqrt(6.0 / (2 * h + Shape.HeadHidden));
        for (var i = W1Offset; i < B1Offset; i++)
        {
            Parameters[i] = (float)(((random.NextDouble() * 2) - 1) * s1);
        }

        Parameters.AsSpan(B1Offset, Shape.HeadHidden).Fill(0.01f);
        var s2 = Math.Sqrt(6.0 / (Shape.HeadHidden + 3));
        for (var i = W2Offset; i < B2Offset; i++)
        {
            Parameters[i] = (float)(((random.NextDouble() * 2) - 1) * s2 * 0.1);
        }

        Parameters.AsSpan(B2Offset, 3).Clear();
        Parameters[B2Offset + 1] = 0.5f; // p90 starts a little above p50
        Parameters[B2Offset + 2] = -1.5f; // failures are the minority
    }

    /// <summary>Scratch buffers for one forward/backward pass; one per thread.</summary>
    public sealed class Workspace
    {
        internal Workspace(BiLstmShape s)
        {
            var h = s.HiddenSize;
            Gates = new float[s.Layers * 2][];
            Cells = new float[s.Layers * 2][];
            Outputs = new float[s.Layers][];
            OutputGrads = new float[s.Layers][];
            for (var l = 0; l < s.Layers; l++)
            {
                Outputs[l] = new float[s.Steps * 2 * h];
                OutputGrads[l] = new float[s.Steps * 2 * h];
                for (var d = 0; d < 2; d++)
                {
                    Gates[(l * 2) + d] = new float[s.Steps * 4 * h];
                    Cells[(l * 2) + d] = new float[s.Steps * h];
                }
            }

            Concat = new float[2 * h];
            HeadPre = new float[s.HeadHidden];
            HeadAct = new float[s.HeadHidden];
            Dz = new float[4 * h];
            Dh = new float[h];
            Dc = new float[h];
            DhNext = new float[h];
            DConcat = new float[2 * h];
            DHead = new float[s.HeadHidden];
            Input = new float[s.Steps * s.InputSize];
        }

        internal float[][] Gates { get; }
        internal float[][] Cells { get; }
        internal float[][] Outputs { get; }
        internal float[][] OutputGrads { get; }
        internal float[] Concat { get; }
        internal float[] HeadPre { get; }
        internal float[] HeadAct { get; }
        internal float[] Dz { get; }
        internal float[] Dh { get; }
        internal float[] Dc { get; }
        internal float[] DhNext { get; }
        internal float[] DConcat { get; }
        internal float[] DHead { get; }
        internal float[] Input { get; }
        internal float[] Out { get; } = new float[3];
    }

    public Workspace CreateWorkspace() => new(Shape);

    /// <summary>The raw head outputs for one window x [Steps·InputSize] (normalised features).</summary>
    public void Forward(ReadOnlySpan<float> x, Workspace ws, Span<float> output)
    {
        ArgumentNullException.ThrowIfNull(ws);
        var s = Shape;
        var h = s.HiddenSize;
        var steps = s.Steps;
        x[..(steps * s.InputSize)].CopyTo(ws.Input);
        for (var l = 0; l < s.Layers; l++)
        {
            var input = l == 0 ? ws.Input : ws.Outputs[l - 1];
            var inSize = s.LayerInput(l);
            var outputs = ws.Outputs[l];
            for (var d = 0; d < 2; d++)
            {
                var w = W(l, d);
                var r = R(l, d);
                var b = Bias(l, d);
                var gates = ws.Gates[(l * 2) + d];
                var cells = ws.Cells[(l * 2) + d];
                for (var n = 0; n < steps; n++)
                {
                    var t = d == 0 ? n : steps - 1 - n;
                    var prev = d == 0 ? t - 1 : t + 1;
                    var hasPrev = n > 0;
                    var xt = input.AsSpan(t * inSize, inSize);
                    var z = gates.AsSpan(t * 4 * h, 4 * h);
                    for (var row = 0; row < 4 * h; row++)
                    {
                        var acc = b[row] + Dot(w.Slice(row * inSize, inSize), xt);
                        if (hasPrev)
                        {
                            acc += Dot(r.Slice(row * h, h), outputs.AsSpan((prev * 2 * h) + (d * h), h));
                        }

                        z[row] = acc;
                    }

                    var c = cells.AsSpan(t * h, h);
                    var ht = outputs.AsSpan((t * 2 * h) + (d * h), h);
                    for (var j = 0; j < h; j++)
                    {
                        var gi = Sigmoid(z[j]);
                        var go = Sigmoid(z[h + j]);
                        var gf = Sigmoid(z[(2 * h) + j]);
                        var gc = MathF.Tanh(z[(3 * h) + j]);
                        z[j] = gi;
                        z[h + j] = go;
                        z[(2 * h) + j] = gf;
                        z[(3 * h) + j] = gc;
                        var cPrev = hasPrev ? cells[(prev * h) + j] : 0f;
                        var ct = (gf * cPrev) + (gi * gc);
                        c[j] = ct;
                        ht[j] = go * MathF.Tanh(ct);
                    }
                }
            }
        }

        var top = ws.Outputs[s.Layers - 1];
        top.AsSpan((steps - 1) * 2 * h, h).CopyTo(ws.Concat);
        top.AsSpan(h, h).CopyTo(ws.Concat.AsSpan(h));
        var p = Parameters.AsSpan();
        for (var k = 0; k < s.HeadHidden; k++)
        {
            var zk = p[B1Offset + k] + Dot(p.Slice(W1Offset + (k * 2 * h), 2 * h), ws.Concat);
            ws.HeadPre[k] = zk;
            ws.HeadAct[k] = zk > 0 ? zk : 0;
        }

        for (var o = 0; o < 3; o++)
        {
            ws.Out[o] = p[B2Offset + o] + Dot(p.Slice(W2Offset + (o * s.HeadHidden), s.HeadHidden), ws.HeadAct);
        }

        ws.Out.CopyTo(output);
    }

    /// <summary>
    /// Back-propagates d(loss)/d(raw outputs) through the pass last run on <paramref name="ws"/>, adding the
    /// parameter gradient into <paramref name="grad"/>.
    /// </summary>
    public void Backward(Workspace ws, ReadOnlySpan<float> dOutput, Span<float> grad)
    {
        ArgumentNullException.ThrowIfNull(ws);
        var s = Shape;
        var h = s.HiddenSize;
        var steps = s.Steps;
        var p = Parameters.AsSpan();

        // Heads.
        Array.Clear(ws.DHead);
        for (var o = 0; o < 3; o++)
        {
            var g = dOutput[o];
            grad[B2Offset + o] += g;
            Axpy(g, ws.HeadAct, grad.Slice(W2Offset + (o * s.HeadHidden), s.HeadHidden));
            Axpy(g, p.Slice(W2Offset + (o * s.HeadHidden), s.HeadHidden), ws.DHead);
        }

        Array.Clear(ws.DConcat);
        for (var k = 0; k < s.HeadHidden; k++)
        {
            var g = ws.HeadPre[k] > 0 ? ws.DHead[k] : 0f;
            if (g == 0)
            {
                continue;
            }

            grad[B1Offset + k] += g;
            Axpy(g, ws.Concat, grad.Slice(W1Offset + (k * 2 * h), 2 * h));
            Axpy(g, p.Slice(W1Offset + (k * 2 * h), 2 * h), ws.DConcat);
        }

        for (var l = 0; l < s.Layers; l++)
        {
            Array.Clear(ws.OutputGrads[l]);
        }

        var topGrad = ws.OutputGrads[s.Layers - 1];
        ws.DConcat.AsSpan(0, h).CopyTo(topGrad.AsSpan((steps - 1) * 2 * h, h));
        ws.DConcat.AsSpan(h, h).CopyTo(topGrad.AsSpan(h, h));

        for (var l = s.Layers - 1; l >= 0; l--)
        {
            var input = l == 0 ? ws.Input : ws.Outputs[l - 1];
            var inputGrad = l == 0 ? null : ws.OutputGrads[l - 1];
            var inSize = s.LayerInput(l);
            var outputs = ws.Outputs[l];
            var outGrad = ws.OutputGrads[l];
            for (var d = 0; d < 2; d++)
            {
                var w = W(l, d);
                var r = R(l, d);
                var gw = grad.Slice(wOffset[(l * 2) + d], 4 * h * inSize);
                var gr = grad.Slice(rOffset[(l * 2) + d], 4 * h * h);
                var gb = grad.Slice(bOffset[(l * 2) + d], 4 * h);
                var gates = ws.Gates[(l * 2) + d];
                var cells = ws.Cells[(l * 2) + d];
                Array.Clear(ws.DhNext);
                Array.Clear(ws.Dc);
                for (var n = steps - 1; n >= 0; n--)
                {
                    var t = d == 0 ? n : steps - 1 - n;
                    var prev = d == 0 ? t - 1 : t + 1;
                    var hasPrev = n > 0;
                    var a = gates.AsSpan(t * 4 * h, 4 * h);
                    var dz = ws.Dz.AsSpan();
                    for (var j = 0; j < h; j++)
                    {
                        var dh = outGrad[(t * 2 * h) + (d * h) + j] + ws.DhNext[j];
                        var gi = a[j];
                        var go = a[h + j];
                        var gf = a[(2 * h) + j];
                        var gc = a[(3 * h) + j];
                        var tc = MathF.Tanh(cells[(t * h) + j]);
                        var dc = ws.Dc[j] + (dh * go * (1 - (tc * tc)));
                        var cPrev = hasPrev ? cells[(prev * h) + j] : 0f;
                        dz[j] = dc * gc * gi * (1 - gi);
                        dz[h + j] = dh * tc * go * (1 - go);
                        dz[(2 * h) + j] = dc * cPrev * gf * (1 - gf);
                        dz[(3 * h) + j] = dc * gi * (1 - (gc * gc));
                        ws.Dc[j] = dc * gf;
                    }

                    var xt = input.AsSpan(t * inSize, inSize);
                    Array.Clear(ws.DhNext);
                    var hPrev = hasPrev ? outputs.AsSpan((prev * 2 * h) + (d * h), h) : default;
                    for (var row = 0; row < 4 * h; row++)
                    {
                        var g = dz[row];
                        if (g == 0)
                        {
                            continue;
                        }

                        gb[row] += g;
                        Axpy(g, xt, gw.Slice(row * inSize, inSize));
                        if (inputGrad is not null)
                        {
                            Axpy(g, w.Slice(row * inSize, inSize), inputGrad.AsSpan(t * inSize, inSize));
                        }

                        if (hasPrev)
                        {
                            Axpy(g, hPrev, gr.Slice(row * h, h));
                            Axpy(g, r.Slice(row * h, h), ws.DhNext);
                        }
                    }

                    if (!hasPrev)
                    {
                        Array.Clear(ws.Dc);
                    }
                }
            }
        }
    }

    internal static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

    internal static float Softplus(float x) => x > 20 ? x : MathF.Log(1 + MathF.Exp(x));

    internal static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var n = a.Length;
        var i = 0;
        var sum = 0f;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            var va = MemoryMarshal.Cast<float, Vector<float>>(a);
            var vb = MemoryMarshal.Cast<float, Vector<float>>(b[..n]);
            var acc = Vector<float>.Zero;
            for (var k = 0; k < va.Length; k++)
            {
                acc += va[k] * vb[k];
            }

            sum = Vector.Sum(acc);
            i = va.Length * Vector<float>.Count;
        }

        for (; i < n; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    internal static void Axpy(float alpha, ReadOnlySpan<float> x, Span<float> y)
    {
        var n = x.Length;
        var i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            var vx = MemoryMarshal.Cast<float, Vector<float>>(x);
            var vy = MemoryMarshal.Cast<float, Vector<float>>(y[..n]);
            var va = new Vector<float>(alpha);
            for (var k = 0; k < vx.Length; k++)
            {
                vy[k] += va * vx[k];
            }

            i = vx.Length * Vector<float>.Count;
        }

        for (; i < n; i++)
        {
            y[i] += alpha * x[i];
        }
    }
}
