package report

import (
	"image"
	"math"

	xdraw "golang.org/x/image/draw"
	"golang.org/x/image/math/f64"
)

// transformGlyph is xdraw.BiLinear.Transform(dst, s2d, src, sr, xdraw.Over, &xdraw.Options{SrcMask:
// mask, SrcMaskP: mp}) for a uniform colour src whose RGBA() is sr0, sg0, sb0, sa0: gg's drawing
// of a glyph that is not translated by whole pixels (rotated text: the y axis's label, the heat
// map's slanted column labels). x/image/draw takes its generic path for a masked source, an
// interface call per pixel read and written (At, RGBA, Set); this is that path (Kernel.Transform
// and transform_Image_Image_Over of golang.org/x/image v0.30.0's draw package, Copyright 2015
// The Go Authors, BSD-style license in its LICENSE file) for these types, the same float64
// operations in the same order, its reads and writes of pixels done on the images' bytes.
// TestTransformGlyphMatchesBiLinear and FuzzTransformGlyph compare the two.
func transformGlyph(dst *image.RGBA, s2d f64.Aff3, sr0, sg0, sb0, sa0 uint32, sr image.Rectangle, mask *image.Alpha, mp image.Point) {
	dr := transformRect(&s2d, &sr)
	// adr is the affected destination pixels.
	adr := dst.Bounds().Intersect(dr)
	if adr.Empty() || sr.Empty() {
		return
	}
	d2s := invert(&s2d)
	// bias is a translation of the mapping from dst coordinates to src coordinates such that
	// the latter temporarily have non-negative X and Y coordinates (x/image/draw's comment).
	bias := transformRect(&d2s, &adr).Min
	bias.X--
	bias.Y--
	d2s[2] -= float64(bias.X)
	d2s[5] -= float64(bias.Y)
	// Make adr relative to dr.Min.
	adr = adr.Sub(dr.Min)

	xscale := math.Abs(d2s[0])
	if s := math.Abs(d2s[1]); xscale < s {
		xscale = s
	}
	yscale := math.Abs(d2s[3])
	if s := math.Abs(d2s[4]); yscale < s {
		yscale = s
	}
	// When shrinking, broaden the effective kernel support so that we still visit every source
	// pixel.
	xHalfWidth, xKernelArgScale := float64(bilinearSupport), 1.0
	if xscale > 1 {
		xHalfWidth *= xscale
		xKernelArgScale = 1 / xscale
	}
	yHalfWidth, yKernelArgScale := float64(bilinearSupport), 1.0
	if yscale > 1 {
		yHalfWidth *= yscale
		yKernelArgScale = 1 / yscale
	}
	xWeights := make([]float64, 1+2*int(math.Ceil(xHalfWidth)))
	yWeights := make([]float64, 1+2*int(math.Ceil(yHalfWidth)))

	for dy := int32(adr.Min.Y); dy < int32(adr.Max.Y); dy++ {
		dyf := float64(dr.Min.Y+int(dy)) + 0.5
		for dx := int32(adr.Min.X); dx < int32(adr.Max.X); dx++ {
			dxf := float64(dr.Min.X+int(dx)) + 0.5
			sx := float64(d2s[0]*dxf) + float64(d2s[1]*dyf) + d2s[2]
			sy := float64(d2s[3]*dxf) + float64(d2s[4]*dyf) + d2s[5]
			if !(image.Point{int(sx) + bias.X, int(sy) + bias.Y}).In(sr) {
				continue
			}

			sx += float64(bias.X)
			sx -= 0.5
			ix, jx := kernelWeights(xWeights, sx, xHalfWidth, xKernelArgScale, sr.Min.X, sr.Max.X)
			sy += float64(bias.Y)
			sy -= 0.5
			iy, jy := kernelWeights(yWeights, sy, yHalfWidth, yKernelArgScale, sr.Min.Y, sr.Max.Y)

			var pr, pg, pb, pa float64
			for ky := iy; ky < jy; ky++ {
				if yWeight := yWeights[ky-iy]; yWeight != 0 {
					for kx := ix; kx < jx; kx++ {
						if w := xWeights[kx-ix] * yWeight; w != 0 {
							// the uniform colour, times the mask's alpha (mask.At(...).RGBA())
							var ma uint32
							if p := (image.Point{mp.X + kx, mp.Y + ky}); p.In(mask.Rect) {
								ma = uint32(mask.Pix[mask.PixOffset(p.X, p.Y)])
								ma |= ma << 8
							}
							pru := sr0 * ma / 0xffff
							pgu := sg0 * ma / 0xffff
							pbu := sb0 * ma / 0xffff
							pau := sa0 * ma / 0xffff
							pr += float64(float64(pru) * w)
							pg += float64(float64(pgu) * w)
							pb += float64(float64(pbu) * w)
							pa += float64(float64(pau) * w)
						}
					}
				}
			}

			if pr > pa {
				pr = pa
			}
			if pg > pa {
				pg = pa
			}
			if pb > pa {
				pb = pa
			}

			// dst.At(...).RGBA(), then dst.Set with the result as color.RGBA64 (its high bytes)
			i := dst.PixOffset(dr.Min.X+int(dx), dr.Min.Y+int(dy))
			d := dst.Pix[i : i+4 : i+4]
			qr, qg, qb, qa := uint32(d[0])*0x101, uint32(d[1])*0x101, uint32(d[2])*0x101, uint32(d[3])*0x101
			pr0 := uint32(fffftou(pr))
			pg0 := uint32(fffftou(pg))
			pb0 := uint32(fffftou(pb))
			pa0 := uint32(fffftou(pa))
			pa1 := 0xffff - pa0
			d[0] = uint8(uint16(qr*pa1/0xffff+pr0) >> 8)
			d[1] = uint8(uint16(qg*pa1/0xffff+pg0) >> 8)
			d[2] = uint8(uint16(qb*pa1/0xffff+pb0) >> 8)
			d[3] = uint8(uint16(qa*pa1/0xffff+pa0) >> 8)
		}
	}
}

// bilinearSupport is xdraw.BiLinear's kernel support.
const bilinearSupport = 1

// kernelWeights is one axis of Kernel.Transform's weights for the source coordinate s (bias
// added, 0.5 taken off): the source pixels i..j-1 within [lo, hi) that the kernel of half width
// halfWidth reaches, their BiLinear weights (1 - |(s-k) * argScale|) normalised to sum to one in
// w[:j-i], in x/image/draw's order of operations.
func kernelWeights(w []float64, s, halfWidth, argScale float64, lo, hi int) (i, j int) {
	i = int(math.Floor(s - halfWidth))
	if i < lo {
		i = lo
	}
	j = int(math.Ceil(s + halfWidth))
	if j > hi {
		j = hi
	}
	total := 0.0
	for k := i; k < j; k++ {
		weight := 0.0
		if t := abs((s - float64(k)) * argScale); t < bilinearSupport {
			weight = 1 - t // BiLinear's At
		}
		w[k-i] = weight
		total += weight
	}
	for k := range w[:j-i] {
		w[k] /= total
	}
	return i, j
}

// abs is x/image/draw's: math.Abs without care for negative zero, infinities or NaNs.
func abs(f float64) float64 {
	if f < 0 {
		f = -f
	}
	return f
}

// fffftou is x/image/draw's conversion of [0.0, 65535.0] to [0, 0xffff].
func fffftou(f float64) uint16 {
	i := int32(f + 0.5)
	if i > 0xffff {
		return 0xffff
	}
	if i > 0 {
		return uint16(i)
	}
	return 0
}

// invert is x/image/draw's: the inverse of m.
func invert(m *f64.Aff3) f64.Aff3 {
	m00 := +m[3*1+1]
	m01 := -m[3*0+1]
	m02 := +float64(m[3*1+2]*m[3*0+1]) - float64(m[3*1+1]*m[3*0+2])
	m10 := -m[3*1+0]
	m11 := +m[3*0+0]
	m12 := +float64(m[3*1+0]*m[3*0+2]) - float64(m[3*1+2]*m[3*0+0])

	det := float64(m00*m11) - float64(m10*m01)

	return f64.Aff3{
		m00 / det,
		m01 / det,
		m02 / det,
		m10 / det,
		m11 / det,
		m12 / det,
	}
}

// transformRect is x/image/draw's: a rectangle that contains sr transformed by s2d.
func transformRect(s2d *f64.Aff3, sr *image.Rectangle) (dr image.Rectangle) {
	ps := [...]image.Point{
		{sr.Min.X, sr.Min.Y},
		{sr.Max.X, sr.Min.Y},
		{sr.Min.X, sr.Max.Y},
		{sr.Max.X, sr.Max.Y},
	}
	for i, p := range ps {
		sxf := float64(p.X)
		syf := float64(p.Y)
		dx := int(math.Floor(float64(s2d[0]*sxf) + float64(s2d[1]*syf) + s2d[2]))
		dy := int(math.Floor(float64(s2d[3]*sxf) + float64(s2d[4]*syf) + s2d[5]))

		// The +1 adjustments below are because an image.Rectangle is inclusive on the low end
		// but exclusive on the high end.

		if i == 0 {
			dr = image.Rectangle{
				Min: image.Point{dx + 0, dy + 0},
				Max: image.Point{dx + 1, dy + 1},
			}
			continue
		}

		if dr.Min.X > dx {
			dr.Min.X = dx
		}
		dx++
		if dr.Max.X < dx {
			dr.Max.X = dx
		}

		if dr.Min.Y > dy {
			dr.Min.Y = dy
		}
		dy++
		if dr.Max.Y < dy {
			dr.Max.Y = dy
		}
	}
	return dr
}

// uniformGlyph reports whether gg's glyph drawing Transform(dst, s2d, src, sr, op, opts) is one
// transformGlyph draws: bilinear, Over, an RGBA destination, a uniform source and an Alpha
// mask, without a destination mask. It returns the source colour's RGBA().
func uniformGlyph(interp xdraw.Interpolator, dst xdraw.Image, src image.Image, op xdraw.Op, opts *xdraw.Options) (d *image.RGBA, m *image.Alpha, clr [4]uint32, ok bool) {
	if interp != xdraw.BiLinear || op != xdraw.Over || opts == nil || opts.DstMask != nil {
		return nil, nil, clr, false
	}
	d, okd := dst.(*image.RGBA)
	u, oku := src.(*image.Uniform)
	m, okm := opts.SrcMask.(*image.Alpha)
	if !okd || !oku || !okm {
		return nil, nil, clr, false
	}
	clr[0], clr[1], clr[2], clr[3] = u.C.RGBA()
	return d, m, clr, true
}
