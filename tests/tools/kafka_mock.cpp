// kafka-mock: librdkafka's mock cluster in a process of its own, for tests
// that need Kafka to outlive a cdc-maintainer or to fail on command.
// Usage: kafka-mock [TOPIC...]: creates each TOPIC with one partition (the
// mock has no CreateTopics API, and would auto-create topics with four),
// prints the bootstrap address on stdout, then reads commands on stdin:
//   down   the broker stops answering (rd_kafka_mock_broker_set_down)
//   up     it answers again
// and exits at the end of its input.
#include "sink/kafka.hpp"

#include <iostream>
#include <string>

int main(int argc, char** argv) {
    try {
        cdc::sink::KafkaMock mock(1);
        for (int i = 1; i < argc; ++i) mock.create_topic(argv[i], 1);
        std::cout << mock.bootstrap_servers() << std::endl;
        for (std::string command; std::getline(std::cin, command);) {
            if (command == "down" || command == "up") {
                mock.set_broker_up(1, command == "up");
                std::cerr << "kafka-mock: broker " << command << std::endl;
            } else if (!command.empty()) {
                std::cerr << "kafka-mock: unknown command \"" << command << "\" (down, up)" << std::endl;
            }
        }
        return 0;
    } catch (const std::exception& error) {
        std::cerr << "kafka-mock: " << error.what() << std::endl;
        return 1;
    }
}
