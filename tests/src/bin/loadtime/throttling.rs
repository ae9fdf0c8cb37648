//! Network and CPU throttling of a load, as DevTools applies it: a slow mobile connection
//! (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up) and a CPU four times slower by default.

use serde::Serialize;
use serde_json::json;

use crate::cdp::Session;

/// The throttling of every load of a run.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Throttling {
    /// Download bandwidth in kbit/s; 0 is unlimited.
    pub down_kbps: usize,
    /// Upload bandwidth in kbit/s; 0 is unlimited.
    pub up_kbps: usize,
    /// Latency added to each request's round trip, ms; 0 is none.
    pub rtt_ms: usize,
    /// How many times slower the page's CPU runs; 1 is full speed.
    pub cpu_slowdown: f64,
}

impl Throttling {
    /// What the goals are set for.
    pub const DEFAULT: Throttling = Throttling { down_kbps: 1600, up_kbps: 750, rtt_ms: 150, cpu_slowdown: 4.0 };

    /// Nothing throttled.
    pub const OFF: Throttling = Throttling { down_kbps: 0, up_kbps: 0, rtt_ms: 0, cpu_slowdown: 1.0 };

    /// Whether the network is throttled at all.
    fn network_throttled(&self) -> bool {
        self.down_kbps > 0 || self.up_kbps > 0 || self.rtt_ms > 0
    }

    /// Applies the throttling to a page before it navigates.
    pub async fn apply(&self, page: &Session<'_>) -> anyhow::Result<()> {
        if self.network_throttled() {
            // Bytes a second; -1 turns a direction's limit off.
            let throughput = |kbps: usize| if kbps == 0 { -1.0 } else { kbps as f64 * 1000.0 / 8.0 };
            let conditions = json!({
                "offline": false,
                "latency": self.rtt_ms,
                "downloadThroughput": throughput(self.down_kbps),
                "uploadThroughput": throughput(self.up_kbps),
            });
            page.call("Network.emulateNetworkConditions", conditions).await?;
        }
        if self.cpu_slowdown > 1.0 {
            page.call("Emulation.setCPUThrottlingRate", json!({ "rate": self.cpu_slowdown })).await?;
        }
        Ok(())
    }

    /// One line for the report: `1.6 Mbit/s down, 750 kbit/s up, 150 ms RTT, CPU 4× slower`.
    pub fn describe(&self) -> String {
        let rate = |kbps: usize, way: &str| match kbps {
            0 => format!("unlimited {way}"),
            k if k >= 1000 => format!("{} Mbit/s {way}", k as f64 / 1000.0),
            k => format!("{k} kbit/s {way}"),
        };
        let rtt = if self.rtt_ms == 0 { "no added latency".to_owned() } else { format!("{} ms RTT", self.rtt_ms) };
        let cpu = if self.cpu_slowdown > 1.0 {
            format!("CPU {}× slower", self.cpu_slowdown)
        } else {
            "CPU at full speed".to_owned()
        };
        format!("{}, {}, {rtt}, {cpu}", rate(self.down_kbps, "down"), rate(self.up_kbps, "up"))
    }
}
