"use client";

import QRCode from "qrcode";
import { useEffect, useState } from "react";

export function InvoiceQr({ invoice }: { invoice: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(`lightning:${invoice.toUpperCase()}`, {
      margin: 1,
      width: 220,
      errorCorrectionLevel: "M",
    })
      .then((url) => live && setSrc(url))
      .catch(() => live && setSrc(null));
    return () => {
      live = false;
    };
  }, [invoice]);
  if (!src)
    return <div className="h-[220px] w-[220px] animate-pulse rounded-lg bg-zinc-100" aria-hidden="true" />;
  return (
    // biome-ignore lint/performance/noImgElement: a data: URL made in the browser; next/image adds nothing.
    <img
      src={src}
      width={220}
      height={220}
      alt="QR code of the Lightning invoice"
      className="rounded-lg border border-zinc-200"
    />
  );
}
