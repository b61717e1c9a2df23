package dev.tradewind.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResultsFileTest {

    @Test
    void processor_namesTheFirstProcessorsModelAndClock() {
        List<String> cpuInfo = List.of("processor\t: 0", "vendor_id\t: GenuineIntel",
                "model name\t: Intel(R) Xeon(R) Processor", "cpu MHz\t\t: 2599.998", "processor\t: 1",
                "model name\t: Other", "cpu MHz\t\t: 1000.000");

        assertEquals(", Intel(R) Xeon(R) Processor at 2.6 GHz", ResultsFile.processor(cpuInfo));
    }

    @Test
    void processor_withoutAClock_isTheModelAlone() {
        assertEquals(", Neoverse-N1", ResultsFile.processor(List.of("model name : Neoverse-N1", "cpu MHz : ?")));
    }

    @Test
    void processor_withoutCpuInfo_isNothing() {
        assertEquals("", ResultsFile.processor(List.of()));
        assertEquals("", ResultsFile.processor(List.of("processor : 0", "BogoMIPS : 50.00")));
    }
}
