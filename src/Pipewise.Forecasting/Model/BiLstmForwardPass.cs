namespace Pipewise.Forecasting.Model;

/// <summary>
/// The forward pass of <see cref="BiLstmNetwork"/>: each layer runs forwards and backwards over the window, keeping
/// gate activations and cell states in the workspace for the backward pass; the heads read the final states.
/// </summary>
internal static class BiLstmForwardPass
{
    /// <summary>The raw head outputs for one window x [Steps·InputSize] (normalised features).</summary>
    public static void Run(BiLstmNetwork network, ReadOnlySpan<float> x, BiLstmWorkspace ws, Span<float> output)
    {
        var s = network.Shape;
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
                var w = network.W(l, d);
                var r = network.R(l, d);
                var b = network.Bias(l, d);
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
                        var acc = b[row] + VectorMath.Dot(w.Slice(row * inSize, inSize), xt);
                        if (hasPrev)
                        {
                            acc += VectorMath.Dot(r.Slice(row * h, h), outputs.AsSpan((prev * 2 * h) + (d * h), h));
                        }

                        z[row] = acc;
                    }

                    var c = cells.AsSpan(t * h, h);
                    var ht = outputs.AsSpan((t * 2 * h) + (d * h), h);
                    for (var j = 0; j < h; j++)
                    {
                        var gi = VectorMath.Sigmoid(z[j]);
                        var go = VectorMath.Sigmoid(z[h + j]);
                        var gf = VectorMath.Sigmoid(z[(2 * h) + j]);
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
        var p = network.Parameters.AsSpan();
        for (var k = 0; k < s.HeadHidden; k++)
        {
            var zk = p[network.B1Offset + k] + VectorMath.Dot(p.Slice(network.W1Offset + (k * 2 * h), 2 * h), ws.Concat);
            ws.HeadPre[k] = zk;
            ws.HeadAct[k] = zk > 0 ? zk : 0;
        }

        for (var o = 0; o < 3; o++)
        {
            ws.Out[o] = p[network.B2Offset + o] + VectorMath.Dot(p.Slice(network.W2Offset + (o * s.HeadHidden), s.HeadHidden), ws.HeadAct);
        }

        ws.Out.CopyTo(output);
    }
}
