/** AxiDraw's EiBotBoard on USB (Microchip vendor id, the EBB's product id). */
export const AXIDRAW_USB_FILTER = { usbVendorId: 0x04d8, usbProductId: 0xfd92 };

/** Is this port (by its USB ids) an AxiDraw's board? */
export function isAxidrawPort(port: {
  getInfo(): { usbVendorId?: number; usbProductId?: number };
}): boolean {
  const info = port.getInfo();
  return (
    info.usbVendorId === AXIDRAW_USB_FILTER.usbVendorId &&
    info.usbProductId === AXIDRAW_USB_FILTER.usbProductId
  );
}
